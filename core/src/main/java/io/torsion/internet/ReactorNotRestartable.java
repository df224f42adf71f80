package io.torsion.internet;

/**
 * Thrown when {@code run()} is called on a reactor that has already been stopped (Twisted's
 * {@code error.ReactorNotRestartable}). A reactor runs once; create a new one instead.
 *
 * <p>Threading: immutable.
 */
public class ReactorNotRestartable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and the reactor's state
     */
    public ReactorNotRestartable(String message) {
        super(message);
    }
}
