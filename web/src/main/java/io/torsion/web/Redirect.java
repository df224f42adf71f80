package io.torsion.web;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Answers every request with a redirect to one URL (Twisted's {@code twisted.web.util.Redirect}).
 *
 * <p>Threading: reactor thread only.
 */
public class Redirect extends Resource {
    private final String url;
    private final int code;

    /**
     * Creates a 302 Found redirect to {@code url}.
     *
     * @param url the target, absolute or relative; no control characters
     */
    public Redirect(String url) {
        this(url, 302);
    }

    /**
     * Creates a redirect to {@code url} with status {@code code}.
     *
     * @param url the target, absolute or relative; no control characters
     * @param code one of 301, 302, 303, 307 or 308
     * @throws IllegalArgumentException if {@code code} is not a redirect status or the URL has control characters
     */
    public Redirect(String url, int code) {
        if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
            throw new IllegalArgumentException("not a redirect status: " + code);
        }
        if (!HttpSyntax.isFieldValue(url)) {
            throw new IllegalArgumentException("control character in the redirect URL");
        }
        this.url = Objects.requireNonNull(url, "url");
        this.code = code;
    }

    /**
     * Returns true: the redirect answers for every path below it too.
     *
     * @return true
     */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Answers any method with the redirect and a short HTML body linking to the target.
     *
     * @param request the request
     * @return the body
     */
    @Override
    public RenderResult render(Request request) {
        request.setResponseCode(code);
        request.setHeader("Location", url);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        String escaped = HttpStatus.escapeHtml(url);
        return RenderResult.body(("<html><head><meta http-equiv=\"refresh\" content=\"0;URL=" + escaped
                + "\"></head><body bgcolor=\"#FFFFFF\" text=\"#000000\"><a href=\"" + escaped + "\">click here</a>"
                + "</body></html>\n").getBytes(StandardCharsets.UTF_8));
    }
}
