package io.torsion.web.client;

/**
 * Tells a caller that a URL could not be used: it does not parse, its scheme is not {@code http} or {@code https}, or it names no host (Twisted fails with {@code SchemeNotSupported} or {@code ValueError}).
 *
 * <p>Threading: immutable.
 */
public class InvalidUrlError extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public InvalidUrlError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public InvalidUrlError(String message, Throwable cause) {
        super(message, cause);
    }
}
