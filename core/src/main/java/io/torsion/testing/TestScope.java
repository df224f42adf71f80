package io.torsion.testing;

import io.torsion.defer.Failure;
import io.torsion.defer.UnhandledFailureWatch;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorNotRunning;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import io.torsion.task.Clock;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What {@link TorsionExtension} holds for one test: the failure watch opened before it, the reactor
 * and Clock made for it on demand, and the check of what they hold when it ends.
 *
 * <p>Lifecycle: 1. opened before the test (the watch starts) → 2. the reactor and Clock are made
 * when a parameter first asks for them → 3. {@link #finish} once, after the test and its
 * {@code @AfterEach} methods: collects the leftovers, then releases them (cancels, closes, stops).
 *
 * <p>Threading: the test's thread.
 */
final class TestScope {
    /** How long the check waits for a reactor that the test left running on another thread. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private enum State { OPEN, FINISHED }

    private final ReactorOptions options;
    private final UnhandledFailureWatch watch = UnhandledFailureWatch.start();
    private SelectorReactor reactor;
    private Clock clock;
    private State state = State.OPEN;

    TestScope(ReactorOptions options) {
        this.options = options;
    }

    SelectorReactor reactor() {
        checkOpen();
        if (reactor == null) {
            reactor = new SelectorReactor(options);
        }
        return reactor;
    }

    Clock clock() {
        checkOpen();
        if (clock == null) {
            clock = new Clock();
        }
        return clock;
    }

    /**
     * Collects the leftovers, releases them, and says what they were.
     *
     * @param testName the test, named in the error
     * @throws DirtyReactorError if anything was left behind
     */
    void finish(String testName) {
        checkOpen();
        state = State.FINISHED;
        List<String> problems = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        List<SelectableChannel> channels = new ArrayList<>();
        List<Throwable> cleanupErrors = new ArrayList<>();
        List<Failure> failures;
        try {
            try {
                if (reactor != null && stopIfRunningElsewhere(problems)) {
                    collectCalls("the reactor", reactor.getDelayedCalls(), calls, problems);
                    channels.addAll(reactor.getChannels());
                    if (!channels.isEmpty()) {
                        problems.add(channels.size() + " open channel(s) on the reactor, now closed:"
                                + lines(channels));
                    }
                }
                if (clock != null) {
                    collectCalls("the Clock", clock.getDelayedCalls(), calls, problems);
                }
            } finally {
                closeAll(channels, cleanupErrors);
            }
            // Last, so that failures made while stopping a reactor left running count too.
            failures = watch.pending();
        } finally {
            watch.clear();
            watch.close();
        }
        if (!failures.isEmpty()) {
            StringBuilder out = new StringBuilder(failures.size() + " unhandled failure(s) in Deferreds:");
            for (Failure failure : failures) {
                out.append('\n').append(indent(failure.getTraceback().stripTrailing(), "    "));
            }
            problems.add(out.toString());
        }
        if (problems.isEmpty()) {
            return;
        }
        DirtyReactorError error = new DirtyReactorError(testName + " left work behind"
                + " (TorsionExtension fails the test that leaves it, not a later one):\n- "
                + String.join("\n- ", problems), calls, channels, failures);
        cleanupErrors.forEach(error::addSuppressed);
        throw error;
    }

    private static void closeAll(List<SelectableChannel> channels, List<Throwable> errors) {
        for (SelectableChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                errors.add(e);
            }
        }
    }

    /**
     * Stops the reactor if the test left it running on another thread, waiting for it to finish.
     * Returns false if it did not finish in time; its calls and channels are not the test thread's
     * to read then.
     */
    private boolean stopIfRunningElsewhere(List<String> problems) {
        if (reactor.isReactorThread()) {
            return true;
        }
        reactor.callFromThread(() -> {
            try {
                reactor.stop();
            } catch (ReactorNotRunning alreadyStopping) {
                // The test's own stop() is under way; waiting for it is all there is to do.
            }
        });
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (!reactor.isReactorThread() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000L);
        }
        if (!reactor.isReactorThread()) {
            problems.add("the reactor was still running on another thread, and did not stop within "
                    + STOP_TIMEOUT + " when asked to");
            return false;
        }
        problems.add("the reactor was still running on another thread; it has been stopped");
        return true;
    }

    private static void collectCalls(String owner, List<DelayedCall> pending, List<String> calls,
            List<String> problems) {
        if (pending.isEmpty()) {
            return;
        }
        List<DelayedCall> byTime = new ArrayList<>(pending);
        byTime.sort(Comparator.comparingDouble(DelayedCall::getTime));
        List<String> described = new ArrayList<>();
        for (DelayedCall call : byTime) {
            described.add(call.toString());
            call.cancel();
        }
        calls.addAll(described);
        problems.add(pending.size() + " pending delayed call(s) on " + owner + ", now cancelled:"
                + lines(described));
    }

    private static String lines(List<?> items) {
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            out.append("\n    ").append(item);
        }
        return out.toString();
    }

    private static String indent(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the test's scope must be OPEN, but it is " + state);
        }
    }
}
