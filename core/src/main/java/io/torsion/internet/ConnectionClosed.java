package io.torsion.internet;

/**
 * Reports that a connection has ended, cleanly or not; the common parent of {@link ConnectionDone} and {@link ConnectionLost}, so an errback can trap either (Twisted's {@code error.ConnectionClosed}).
 *
 * <p>Threading: immutable.
 */
public class ConnectionClosed extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectionClosed(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectionClosed(String message, Throwable cause) {
        super(message, cause);
    }
}
