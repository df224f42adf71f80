package io.torsion.web.client;

/**
 * Tells a caller that the connection ended after the request was sent and before any response began (Twisted's {@code ResponseNeverReceived}); the request may or may not have been processed.
 *
 * <p>Threading: immutable.
 */
public class ResponseNeverReceived extends ResponseFailed {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public ResponseNeverReceived(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public ResponseNeverReceived(String message, Throwable cause) {
        super(message, cause);
    }
}
