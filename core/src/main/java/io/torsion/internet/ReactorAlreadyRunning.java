package io.torsion.internet;

/**
 * Thrown when {@code run()} is called on a reactor that is already running (Twisted's
 * {@code error.ReactorAlreadyRunning}).
 *
 * <p>Threading: immutable.
 */
public class ReactorAlreadyRunning extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and the reactor's state
     */
    public ReactorAlreadyRunning(String message) {
        super(message);
    }
}
