package io.torsion.internet;

/**
 * Reports that a connection was closed cleanly: by {@code loseConnection} on either side, after the data written before it was delivered (Twisted's {@code error.ConnectionDone}).
 *
 * <p>Threading: immutable.
 */
public class ConnectionDone extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectionDone(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectionDone(String message, Throwable cause) {
        super(message, cause);
    }
}
