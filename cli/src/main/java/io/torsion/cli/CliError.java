package io.torsion.cli;

/**
 * A user's mistake a command reports as one line and exit status {@value Main#EXIT_USAGE}: a bad
 * endpoint description, a destination that is not {@code host:port}, a port in use.
 *
 * <p>Threading: immutable.
 */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliError(String message) {
        super(message, null, false, false);
    }
}
