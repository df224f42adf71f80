package io.torsion.internet;

/**
 * Reports that a child process exited with status 0, as passed to
 * {@link ProcessProtocol#processExited} and {@link ProcessProtocol#processEnded} (Twisted's
 * {@code error.ProcessDone}).
 *
 * <p>Threading: immutable.
 */
public class ProcessDone extends ConnectionDone {
    private static final long serialVersionUID = 1L;

    /** Creates the report of a clean exit. */
    public ProcessDone() {
        super("A process has ended without apparent errors: process finished with exit code 0.");
    }

    /**
     * Returns the exit code, which is always 0 (Twisted's {@code exitCode}).
     *
     * @return 0
     */
    public int exitCode() {
        return 0;
    }
}
