package io.torsion.task;

/**
 * Thrown when a {@link CooperativeTask} is paused or stopped after it has finished for good, by
 * completing, being stopped or failing (Twisted's {@code twisted.internet.task.TaskFinished}).
 * Never raised itself: one of {@link TaskDone}, {@link TaskStopped} or {@link TaskFailed} says
 * which.
 *
 * <p>Threading: immutable.
 */
public abstract class TaskFinished extends SchedulerError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused, and how the task finished
     */
    protected TaskFinished(String message) {
        super(message);
    }
}
