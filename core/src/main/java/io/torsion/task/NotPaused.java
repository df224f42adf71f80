package io.torsion.task;

/**
 * Thrown when a {@link CooperativeTask} is resumed more times than it was paused (Twisted's
 * {@code twisted.internet.task.NotPaused}).
 *
 * <p>Threading: immutable.
 */
public class NotPaused extends SchedulerError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused or ended, naming the state
     */
    public NotPaused(String message) {
        super(message);
    }
}
