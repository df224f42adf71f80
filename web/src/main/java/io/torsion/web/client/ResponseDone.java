package io.torsion.web.client;

/**
 * The reason a response body's protocol receives when the whole body has arrived (Twisted's {@code ResponseDone}): a clean end.
 *
 * <p>Threading: immutable.
 */
public class ResponseDone extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public ResponseDone(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public ResponseDone(String message, Throwable cause) {
        super(message, cause);
    }
}
