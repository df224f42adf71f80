package io.torsion.internet;

/**
 * Reports that a client connection attempt failed, as passed to {@link ClientFactory#clientConnectionFailed} (Twisted's {@code error.ConnectError}).
 *
 * <p>Threading: immutable.
 */
public class ConnectError extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectError(String message, Throwable cause) {
        super(message, cause);
    }
}
