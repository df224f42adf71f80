package io.torsion.task;

/**
 * Ends a program run by {@link Tasks#react Tasks.react} with a chosen exit status: when the main
 * function's Deferred fails with this exception, the status is {@link #code()} and nothing is
 * logged (Python's {@code SystemExit}, which Twisted's {@code react} treats the same way).
 * <pre>{@code
 * Tasks.react(reactor -> lookUp(reactor, name).addCallback(found -> {
 *     if (found == null) {
 *         throw new SystemExit(2);    // "not found": exit status 2
 *     }
 *     System.out.println(found);
 *     return null;
 * }));
 * }</pre>
 *
 * <p>Only the type of the failure counts: a {@code SystemExit} wrapped as the cause of another
 * exception is an ordinary failure (status 1), as in Twisted.
 *
 * <p>Threading: immutable.
 */
public class SystemExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * Creates the exception for exit status {@code code}.
     *
     * @param code the process exit status; 0 means success
     */
    public SystemExit(int code) {
        super("exit status " + code);
        this.code = code;
    }

    /**
     * Returns the exit status this exception asks for.
     *
     * @return the status
     */
    public int code() {
        return code;
    }
}
