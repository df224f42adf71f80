package io.torsion.internet;

/**
 * Reports that a client socket could not be bound to the requested local address before connecting (Twisted's {@code error.ConnectBindError}).
 *
 * <p>Threading: immutable.
 */
public class ConnectBindError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectBindError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectBindError(String message, Throwable cause) {
        super(message, cause);
    }
}
