package io.torsion.task;

/**
 * Thrown when a {@link CooperativeTask} that was stopped is paused or stopped again, and the
 * failure of its {@link CooperativeTask#whenDone()} Deferreds when it is stopped (Twisted's
 * {@code twisted.internet.task.TaskStopped}).
 *
 * <p>Threading: immutable.
 */
public class TaskStopped extends TaskFinished {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused or ended, naming the state
     */
    public TaskStopped(String message) {
        super(message);
    }
}
