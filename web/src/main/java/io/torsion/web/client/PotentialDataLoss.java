package io.torsion.web.client;

/**
 * The reason a response body's protocol receives when a body without a length ended with the connection (Twisted's {@code PotentialDataLoss}): the body may be incomplete, and there is no way to tell.
 *
 * <p>Threading: immutable.
 */
public class PotentialDataLoss extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public PotentialDataLoss(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public PotentialDataLoss(String message, Throwable cause) {
        super(message, cause);
    }
}
