package io.torsion.web;

/**
 * Answers 404 Not Found (Twisted's {@code twisted.web.resource.NoResource}).
 *
 * <p>Threading: reactor thread only.
 */
public class NoResource extends ErrorPage {
    /** Creates the usual "No Such Resource" page. */
    public NoResource() {
        this("Sorry. No luck finding that resource.");
    }

    /**
     * Creates a 404 page with {@code detail} as its text.
     *
     * @param detail a sentence for the reader
     */
    public NoResource(String detail) {
        super(404, detail);
    }
}
