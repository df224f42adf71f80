package io.torsion.task;

/**
 * The failure of a {@link CooperativeTask}'s {@link CooperativeTask#whenDone()} Deferreds when
 * its {@link Cooperator} is stopped, or when it is given to a stopped one; also thrown when such
 * a task is paused or stopped (Twisted's {@code twisted.internet.task.SchedulerStopped}).
 *
 * <p>Threading: immutable.
 */
public class SchedulerStopped extends SchedulerError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused or ended, naming the state
     */
    public SchedulerStopped(String message) {
        super(message);
    }
}
