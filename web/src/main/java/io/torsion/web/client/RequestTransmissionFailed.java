package io.torsion.web.client;

/**
 * Tells a caller that the connection or the body producer failed while the request was being sent (Twisted's {@code RequestTransmissionFailed}).
 *
 * <p>Threading: immutable.
 */
public class RequestTransmissionFailed extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public RequestTransmissionFailed(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public RequestTransmissionFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
