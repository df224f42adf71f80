package io.torsion.internet;

/**
 * Reports that a connection attempt was abandoned by this side, with {@link Connector#stopConnecting()} (Twisted's {@code error.UserError}, "User aborted connection").
 *
 * <p>Threading: immutable.
 */
public class UserError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public UserError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
