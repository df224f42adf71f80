package io.torsion.defer;

/**
 * The failure of a {@link Deferred} that was cancelled before it had a result (Twisted's
 * {@code CancelledError}).
 *
 * <p>Threading: immutable.
 */
public class CancelledError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with the default message. */
    public CancelledError() {
        super("Deferred was cancelled");
    }

    /**
     * Creates the error.
     *
     * @param message what was cancelled
     */
    public CancelledError(String message) {
        super(message);
    }
}
