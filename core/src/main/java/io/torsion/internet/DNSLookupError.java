package io.torsion.internet;

/**
 * Reports that the host name of a connection attempt could not be resolved (Twisted's {@code error.DNSLookupError}; unlike Twisted's, it is a {@link ConnectError}, so that every {@code clientConnectionFailed} reason is one).
 *
 * <p>Threading: immutable.
 */
public class DNSLookupError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public DNSLookupError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what happened
     * @param cause the lower-level error, such as the socket's
     */
    public DNSLookupError(String message, Throwable cause) {
        super(message, cause);
    }
}
