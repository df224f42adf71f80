package io.torsion.web.client;

/**
 * Tells a caller that no response head arrived within the agent's response timeout; the connection was aborted.
 *
 * <p>Threading: immutable.
 */
public class ResponseTimeoutError extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public ResponseTimeoutError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public ResponseTimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
