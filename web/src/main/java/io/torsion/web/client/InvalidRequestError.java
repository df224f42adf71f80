package io.torsion.web.client;

/**
 * Tells a caller that a request was refused before any byte was sent: its method is not a token, or its target or a header holds CR, LF or another control character (Twisted raises {@code ValueError}).
 *
 * <p>Threading: immutable.
 */
public class InvalidRequestError extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public InvalidRequestError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public InvalidRequestError(String message, Throwable cause) {
        super(message, cause);
    }
}
