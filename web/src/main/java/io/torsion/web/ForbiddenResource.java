package io.torsion.web;

/**
 * Answers 403 Forbidden (Twisted's {@code twisted.web.resource.ForbiddenResource}).
 *
 * <p>Threading: reactor thread only.
 */
public class ForbiddenResource extends ErrorPage {
    /** Creates the usual "Forbidden Resource" page. */
    public ForbiddenResource() {
        this("Sorry, resource is forbidden.");
    }

    /**
     * Creates a 403 page with {@code detail} as its text.
     *
     * @param detail a sentence for the reader
     */
    public ForbiddenResource(String detail) {
        super(403, detail);
    }
}
