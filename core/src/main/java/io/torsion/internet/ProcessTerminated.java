package io.torsion.internet;

import java.util.OptionalInt;

/**
 * Reports that a child process exited with a non-zero status or was killed by a signal, as passed
 * to {@link ProcessProtocol#processExited} and {@link ProcessProtocol#processEnded} (Twisted's
 * {@code error.ProcessTerminated}). Exactly one of {@link #exitCode()} and {@link #signal()} is
 * present.
 *
 * <p>The JDK reports a child killed by signal {@code n} as exit status {@code 128 + n}, as shells
 * do; so a status from 129 to 192 is read as a signal. A program that calls {@code exit(130)} is
 * therefore reported as killed by signal 2 (Twisted, which sees the raw wait status, would say
 * exit code 130).
 *
 * <p>Threading: immutable.
 */
public class ProcessTerminated extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    private final OptionalInt exitCode;
    private final OptionalInt signal;

    private ProcessTerminated(String message, OptionalInt exitCode, OptionalInt signal) {
        super(message);
        this.exitCode = exitCode;
        this.signal = signal;
    }

    /**
     * Creates the report of a process that exited with a non-zero status.
     *
     * @param exitCode the status, not 0
     * @return the report
     */
    public static ProcessTerminated exited(int exitCode) {
        return new ProcessTerminated("A process has ended with a probable error condition: process ended with exit code "
                + exitCode + ".", OptionalInt.of(exitCode), OptionalInt.empty());
    }

    /**
     * Creates the report of a process killed by a signal.
     *
     * @param signal the signal's number, such as 15 for TERM
     * @return the report
     */
    public static ProcessTerminated bySignal(int signal) {
        return new ProcessTerminated("A process has ended with a probable error condition: process ended by signal "
                + signal + ".", OptionalInt.empty(), OptionalInt.of(signal));
    }

    /**
     * Returns the exit status, when the process exited by itself (Twisted's {@code exitCode}).
     *
     * @return the status, or empty if a signal killed it
     */
    public OptionalInt exitCode() {
        return exitCode;
    }

    /**
     * Returns the number of the signal that killed the process (Twisted's {@code signal}).
     *
     * @return the signal, or empty if it exited by itself
     */
    public OptionalInt signal() {
        return signal;
    }
}
