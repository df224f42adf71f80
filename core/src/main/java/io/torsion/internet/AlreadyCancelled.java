package io.torsion.internet;

/**
 * Thrown when a {@link DelayedCall} that was cancelled is cancelled or moved again (Twisted's
 * {@code error.AlreadyCancelled}).
 *
 * <p>Threading: immutable.
 */
public class AlreadyCancelled extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which call
     */
    public AlreadyCancelled(String message) {
        super(message);
    }
}
