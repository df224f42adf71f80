package io.torsion.web.client;

/**
 * Tells a caller that a response could not be received in full: the connection broke, or the response was malformed; the cause says which (Twisted's {@code ResponseFailed}).
 *
 * <p>Threading: immutable.
 */
public class ResponseFailed extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public ResponseFailed(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public ResponseFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
