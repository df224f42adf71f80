package io.torsion.internet;

/**
 * Thrown by {@link ReactorProcess#spawnProcess} when the child cannot be started: the executable
 * does not exist or may not be run, or the working directory is missing. The message names the
 * executable; the cause is the system's error.
 *
 * <p>Twisted has no such error: its child process fails after the fork, writes the error to its
 * standard error and exits with status 1. The JDK starts the program in the same call, so Torsion
 * reports the failure at once instead.
 *
 * <p>Threading: immutable.
 */
public class ProcessSpawnError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what could not be started
     * @param cause the system's error
     */
    public ProcessSpawnError(String message, Throwable cause) {
        super(message, cause);
    }
}
