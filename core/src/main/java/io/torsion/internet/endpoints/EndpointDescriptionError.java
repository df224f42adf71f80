package io.torsion.internet.endpoints;

/**
 * Reports that an endpoint description string is malformed; the message quotes the description
 * and names the bad part (Twisted raises {@code ValueError} or {@code TypeError} here).
 *
 * <p>Threading: immutable.
 */
public class EndpointDescriptionError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param description the whole description
     * @param problem what is wrong with which part
     */
    public EndpointDescriptionError(String description, String problem) {
        super("bad endpoint description \"" + description + "\": " + problem);
    }
}
