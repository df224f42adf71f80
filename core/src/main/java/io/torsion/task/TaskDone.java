package io.torsion.task;

/**
 * Thrown when a {@link CooperativeTask} whose iterator was exhausted is paused or stopped
 * (Twisted's {@code twisted.internet.task.TaskDone}).
 *
 * <p>Threading: immutable.
 */
public class TaskDone extends TaskFinished {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was refused or ended, naming the state
     */
    public TaskDone(String message) {
        super(message);
    }
}
