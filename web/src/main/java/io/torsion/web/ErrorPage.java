package io.torsion.web;

/**
 * Answers every request with one error status and a short HTML page (Twisted's
 * {@code twisted.web.resource.ErrorPage}). The page is HTML-escaped and never shows a stack trace.
 *
 * <p>Threading: reactor thread only.
 */
public class ErrorPage extends Resource {
    private final int code;
    private final String detail;

    /**
     * Creates a page that answers {@code code} with {@code detail} as its text.
     *
     * @param code the status code
     * @param detail a sentence for the reader; escaped before it is sent
     */
    public ErrorPage(int code, String detail) {
        this.code = code;
        this.detail = detail;
    }

    /**
     * Returns itself for any child, as Twisted's {@code ErrorPage.getChild}.
     *
     * @param path ignored
     * @param request ignored
     * @return this page
     */
    @Override
    public Resource getChild(String path, Request request) {
        return this;
    }

    /**
     * Answers with the error status and page, whatever the method.
     *
     * @param request the request
     * @return the page
     */
    @Override
    public RenderResult render(Request request) {
        request.setResponseCode(code);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return RenderResult.body(HttpStatus.page(code, detail));
    }
}
