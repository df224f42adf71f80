package io.torsion.internet;

/**
 * Reports that a connection was closed in a non-clean fashion: reset by the peer, broken by the network, or aborted (Twisted's {@code error.ConnectionLost}).
 *
 * <p>Threading: immutable.
 */
public class ConnectionLost extends ConnectionClosed {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectionLost(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }
}
