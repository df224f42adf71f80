package io.torsion.internet;

/**
 * Thrown when a reactor is asked to stop while it is not running (Twisted's
 * {@code error.ReactorNotRunning}): before {@code run()}, after {@code stop()} has been called once
 * (while the shutdown triggers run), or after it has stopped. Also thrown when work is handed to a
 * reactor that can no longer run it, such as {@code callInThread} after shutdown.
 *
 * <p>Threading: immutable.
 */
public class ReactorNotRunning extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted, and the reactor's state
     */
    public ReactorNotRunning(String message) {
        super(message);
    }
}
