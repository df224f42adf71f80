package io.torsion.task;

/**
 * Thrown when a {@link CooperativeTask} whose iterator threw, or yielded a Deferred that failed,
 * is paused or stopped (Twisted's {@code twisted.internet.task.TaskFailed}). Its cause is that
 * failure.
 *
 * <p>Threading: immutable.
 */
public class TaskFailed extends TaskFinished {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused or ended, naming the state
     */
    public TaskFailed(String message) {
        super(message);
    }
}
