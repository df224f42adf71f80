package io.torsion.testing;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorNotRunning;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Runs a test's reactor on the test's thread, bounded by a timeout that fails the test, until a
 * Deferred fires or the reactor stops (what Twisted's own tests do with
 * {@code ReactorBuilder.runReactor}, and trial with its per-test timeout). With
 * {@link TorsionExtension}, a reactor parameter is fresh for each test:
 * <pre>{@code
 * @TorsionTest
 * class LookupTest {
 *     @Test
 *     void resolvesInThePool(SelectorReactor reactor) {
 *         Deferred<String> d = reactor.deferToThread(() -> "done");
 *         assertEquals("done", ReactorAssertions.runUntilFired(reactor, d, Duration.ofSeconds(5)));
 *     }
 * }
 * }</pre>
 *
 * <p>Each method calls {@code run()} once, so it stops the reactor before returning: a reactor runs
 * once. The timeout is a safety net for a test that would otherwise hang; it is a timed call of
 * the reactor, so a handler that blocks the reactor thread delays it (the watchdog names such a
 * handler). The methods cancel their own timed call before returning, so it is never reported as a
 * leftover.
 *
 * <p>Threading: call on the thread that owns the reactor before it runs (normally the test's); that
 * thread runs it.
 */
public final class ReactorAssertions {
    private static final Object NOTHING = new Object();

    private ReactorAssertions() {
    }

    /**
     * Runs {@code reactor} until {@code d} fires, stops it, and returns the result {@code d} fired
     * with. The result is consumed, as by {@link DeferredAssertions#successResultOf}: {@code d}
     * carries {@code null} afterwards, and a failure counts as handled. If {@code d} has already
     * fired, the reactor still runs one turn and stops.
     *
     * @param reactor a reactor that has not run yet
     * @param d the Deferred to wait for; it belongs to the reactor's thread
     * @param timeout how long the reactor may run
     * @param <T> the result's type
     * @return the result
     * @throws AssertionError if {@code d} failed (its error is the cause), did not fire within
     *     {@code timeout} (the reactor is then stopped), or the reactor stopped before it fired
     * @throws io.torsion.internet.ReactorNotRestartable if the reactor has already run
     */
    public static <T> T runUntilFired(Reactor reactor, Deferred<T> d, Duration timeout) {
        Object outcome = runUntil(reactor, d, timeout);
        if (outcome instanceof Failure failure) {
            throw new AssertionError("Success result expected on " + d + ", found failure result instead: "
                    + failure.getErrorMessage(), failure.value());
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome;
        return result;
    }

    /**
     * Runs {@code reactor} until {@code d} fires, stops it, and returns the failure {@code d} fired
     * with, checking its type as {@link DeferredAssertions#failureResultOf} does. The failure is
     * consumed: it counts as handled.
     *
     * @param reactor a reactor that has not run yet
     * @param d the Deferred to wait for; it belongs to the reactor's thread
     * @param timeout how long the reactor may run
     * @param expectedTypes the acceptable error types; none means any
     * @return the failure
     * @throws AssertionError if {@code d} succeeded, failed with another type, did not fire within
     *     {@code timeout}, or the reactor stopped before it fired
     * @throws io.torsion.internet.ReactorNotRestartable if the reactor has already run
     */
    @SafeVarargs
    public static Failure runUntilFailed(Reactor reactor, Deferred<?> d, Duration timeout,
            Class<? extends Throwable>... expectedTypes) {
        Object outcome = runUntil(reactor, d, timeout);
        if (!(outcome instanceof Failure failure)) {
            throw new AssertionError("Failure result expected on " + d + ", found success result ("
                    + outcome + ") instead");
        }
        if (expectedTypes.length > 0 && !failure.check(expectedTypes)) {
            throw new AssertionError("Failure of type " + Arrays.toString(expectedTypes) + " expected on " + d
                    + ", found type " + failure.type().getName() + " instead: " + failure.getErrorMessage(),
                    failure.value());
        }
        return failure;
    }

    /**
     * Runs {@code reactor} until something the test scheduled stops it.
     *
     * @param reactor a reactor that has not run yet
     * @param timeout how long it may run
     * @throws AssertionError if it was still running after {@code timeout} (it is then stopped)
     * @throws io.torsion.internet.ReactorNotRestartable if the reactor has already run
     */
    public static void runUntilStopped(Reactor reactor, Duration timeout) {
        if (runBounded(reactor, timeout)) {
            throw new AssertionError("The reactor was still running after " + timeout + "; it has been stopped");
        }
    }

    private static Object runUntil(Reactor reactor, Deferred<?> d, Duration timeout) {
        Objects.requireNonNull(d, "d");
        Object[] outcome = {NOTHING};
        reactor.callWhenRunning(() -> d.addBoth(result -> {
            outcome[0] = result;
            stop(reactor);
            return null;
        }));
        boolean timedOut = runBounded(reactor, timeout);
        if (outcome[0] == NOTHING) {
            throw new AssertionError(timedOut
                    ? d + " did not fire within " + timeout + "; the reactor has been stopped"
                    : "The reactor stopped before " + d + " fired");
        }
        return outcome[0];
    }

    /** Runs the reactor with a safety timer; true if the timer had to stop it. */
    private static boolean runBounded(Reactor reactor, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        boolean[] timedOut = {false};
        DelayedCall safety = reactor.callLater(timeout, () -> {
            timedOut[0] = true;
            stop(reactor);
        });
        try {
            reactor.run();
        } finally {
            if (safety.active()) {
                safety.cancel();
            }
        }
        return timedOut[0];
    }

    private static void stop(Reactor reactor) {
        try {
            reactor.stop();
        } catch (ReactorNotRunning alreadyStopping) {
            // The test's own stop() came first; its shutdown is under way.
        }
    }
}
