package io.torsion.internet;

/**
 * Reports that a connection attempt did not complete within its timeout (Twisted's {@code error.TimeoutError}, "User timeout caused connection failure"; renamed so as not to clash with {@code io.torsion.defer.TimeoutError}).
 *
 * <p>Threading: immutable.
 */
public class ConnectTimeoutError extends UserError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectTimeoutError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectTimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
