package io.torsion.internet;

/**
 * Thrown by {@link Connector#stopConnecting()} when the connector is not trying to connect
 * (Twisted's {@code error.NotConnectingError}).
 *
 * <p>Threading: immutable.
 */
public class NotConnectingError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which connector, and in what state
     */
    public NotConnectingError(String message) {
        super(message);
    }
}
