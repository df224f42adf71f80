package io.torsion.internet;

/**
 * Reports that the destination could not be reached: no route to the host (Twisted's {@code error.NoRouteError}).
 *
 * <p>Threading: immutable.
 */
public class NoRouteError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public NoRouteError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public NoRouteError(String message, Throwable cause) {
        super(message, cause);
    }
}
