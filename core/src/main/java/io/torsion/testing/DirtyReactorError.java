package io.torsion.testing;

import io.torsion.defer.Failure;
import java.nio.channels.SelectableChannel;
import java.util.List;

/**
 * The test failure {@link TorsionExtension} reports when a test leaves work behind: timed calls
 * still pending on its reactor or {@code Clock}, channels (ports, connections) still open on its
 * reactor, a reactor still running, or Deferreds holding a failure that no errback handled (trial's
 * {@code DirtyReactorAggregateError}, together with its "logged errors" check).
 *
 * <p>The message lists every leftover: each delayed call, each channel, and each unhandled failure
 * with its message and stack trace. The failures' errors are also attached as suppressed
 * exceptions, so that an IDE shows their stacks.
 *
 * <p>Threading: immutable.
 */
public final class DirtyReactorError extends AssertionError {
    private static final long serialVersionUID = 1L;

    /** The delayed calls' descriptions, the channels' and the failures, in the order found. */
    private final transient List<String> delayedCalls;
    private final transient List<SelectableChannel> channels;
    private final transient List<Failure> unhandledFailures;

    DirtyReactorError(String message, List<String> delayedCalls, List<SelectableChannel> channels,
            List<Failure> unhandledFailures) {
        super(message);
        this.delayedCalls = List.copyOf(delayedCalls);
        this.channels = List.copyOf(channels);
        this.unhandledFailures = List.copyOf(unhandledFailures);
        for (Failure failure : unhandledFailures) {
            addSuppressed(failure.value());
        }
    }

    /**
     * Returns the delayed calls that were still pending, as described when the test ended; the
     * extension cancelled them afterwards.
     *
     * @return their descriptions; empty if none
     */
    public List<String> delayedCalls() {
        return delayedCalls;
    }

    /**
     * Returns the channels that were still registered and open; the extension closed them
     * afterwards.
     *
     * @return the channels; empty if none
     */
    public List<SelectableChannel> channels() {
        return channels;
    }

    /**
     * Returns the failures that Deferreds held unhandled at the end of the test.
     *
     * @return the failures; empty if none
     */
    public List<Failure> unhandledFailures() {
        return unhandledFailures;
    }
}
