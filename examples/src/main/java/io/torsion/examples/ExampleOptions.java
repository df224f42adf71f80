package io.torsion.examples;

import java.util.List;

/** Reads the command line that the tutorial's programs share. Threading: the main thread. */
final class ExampleOptions {
    /** Stops the reactor, and so ends the program, once it has printed. */
    static final String STOP_AFTER_PRINTING = "--stop-after-printing";
    /** The exit status for a bad command line. */
    static final int USAGE_ERROR = 2;

    private ExampleOptions() {
    }

    /**
     * Tells whether {@code args} ask to stop after printing. On any other argument, prints the usage
     * to standard error and exits with {@link #USAGE_ERROR}.
     */
    static boolean stopAfterPrinting(Class<?> program, String[] args) {
        for (String arg : args) {
            if (!arg.equals(STOP_AFTER_PRINTING)) {
                System.err.println("unknown argument: " + arg);
                System.err.println("usage: java " + program.getName() + " [" + STOP_AFTER_PRINTING + "]");
                System.exit(USAGE_ERROR);
            }
        }
        return List.of(args).contains(STOP_AFTER_PRINTING);
    }
}
