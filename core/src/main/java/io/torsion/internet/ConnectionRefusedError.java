package io.torsion.internet;

/**
 * Reports that the other end refused the connection: nothing listens on that port (Twisted's {@code error.ConnectionRefusedError}).
 *
 * <p>Threading: immutable.
 */
public class ConnectionRefusedError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectionRefusedError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectionRefusedError(String message, Throwable cause) {
        super(message, cause);
    }
}
