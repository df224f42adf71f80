package io.torsion.internet;

/**
 * Thrown when a {@link DelayedCall} that has already run is cancelled or moved (Twisted's
 * {@code error.AlreadyCalled}).
 *
 * <p>Threading: immutable.
 */
public class AlreadyCalled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which call
     */
    public AlreadyCalled(String message) {
        super(message);
    }
}
