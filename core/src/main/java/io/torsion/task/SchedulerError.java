package io.torsion.task;

/**
 * Thrown or delivered when a {@link Cooperator} or one of its {@link CooperativeTask}s cannot do
 * what was asked in its current state (Twisted's {@code twisted.internet.task.SchedulerError}).
 * Never raised itself: catch it to handle all of its subclasses.
 *
 * <p>It is an {@link IllegalStateException}, and its message names the state that refused.
 *
 * <p>Threading: immutable.
 */
public abstract class SchedulerError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused, and the state that refused it
     */
    protected SchedulerError(String message) {
        super(message);
    }
}
