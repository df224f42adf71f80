package io.torsion.defer;

import java.time.Duration;

/**
 * The failure of a {@link Deferred} whose {@link Deferred#addTimeout timeout} ran out before it had
 * a result (Twisted's {@code defer.TimeoutError}).
 *
 * <p>Threading: immutable.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the error.
     *
     * @param timeout the timeout that ran out
     */
    public TimeoutError(Duration timeout) {
        super("Deferred timed out after " + timeout.toMillis() / 1000.0 + " s");
        this.timeout = timeout;
    }

    /**
     * Returns the timeout that ran out.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
