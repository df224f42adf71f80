package io.torsion.internet;

/**
 * Reports, to the side that called {@code abortConnection}, that its connection was dropped at once without delivering buffered data (Twisted's {@code error.ConnectionAborted}).
 *
 * <p>Threading: immutable.
 */
public class ConnectionAborted extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public ConnectionAborted(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public ConnectionAborted(String message, Throwable cause) {
        super(message, cause);
    }
}
