package io.torsion.internet;

/**
 * Thrown by {@link ProcessTransport#signalProcess(String)} when the process has already exited
 * (Twisted's {@code error.ProcessExitedAlready}).
 *
 * <p>Threading: immutable.
 */
public class ProcessExitedAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which process
     */
    public ProcessExitedAlready(String message) {
        super(message);
    }
}
