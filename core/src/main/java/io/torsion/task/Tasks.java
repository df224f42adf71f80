package io.torsion.task;

import io.torsion.defer.Deferred;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs a function after a delay and hands back its result as a {@link Deferred} (Twisted's
 * {@code twisted.internet.task.deferLater}); the static entry points of Twisted's
 * {@code twisted.internet.task} module live here.
 *
 * <pre>{@code
 * import static io.torsion.task.Tasks.deferLater;
 *
 * deferLater(reactor, Duration.ofSeconds(1), () -> "The future is now!")
 *         .addCallback(message -> { System.out.println(message); return null; });
 * }</pre>
 *
 * <p>Cancelling the returned Deferred before the delay has passed cancels the scheduled call, so
 * the function never runs, and fails the Deferred with
 * {@link io.torsion.defer.CancelledError CancelledError}. Cancelling it while it waits on a
 * Deferred that the function returned cancels that Deferred. Cancelling it after it has a result
 * does nothing.
 *
 * <p>Threading: reactor thread only (the thread of the {@link ReactorTime} given, which for a
 * {@link Clock} is the test's thread); the function and the Deferred's callbacks run there.
 */
public final class Tasks {
    private Tasks() {
    }

    /**
     * Calls {@code f} after {@code delaySeconds} and fires the returned Deferred with its result.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delaySeconds how long to wait, in seconds
     * @param f the function; whatever it throws becomes the Deferred's failure. If it returns a
     *     Deferred, use {@link #deferLaterDeferred(ReactorTime, double, Callable)} instead so that
     *     the types say what the Deferred carries
     * @param <T> the type of {@code f}'s result
     * @return a Deferred that fires with {@code f}'s result, or fails with what it threw or with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative or not a number
     * @throws NullPointerException if {@code clock} or {@code f} is null
     */
    public static <T> Deferred<T> deferLater(ReactorTime clock, double delaySeconds, Callable<? extends T> f) {
        Objects.requireNonNull(f, "f");
        return later(clock, delaySeconds).addCallback(ignored -> f.call());
    }

    /**
     * Calls {@code f} after {@code delay} and fires the returned Deferred with its result.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delay how long to wait
     * @param f the function; whatever it throws becomes the Deferred's failure
     * @param <T> the type of {@code f}'s result
     * @return a Deferred that fires with {@code f}'s result, or fails with what it threw or with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deferred<T> deferLater(ReactorTime clock, Duration delay, Callable<? extends T> f) {
        return deferLater(clock, ReactorTime.toSeconds(delay), f);
    }

    /**
     * Calls {@code f} after {@code delaySeconds} and fires the returned Deferred with the result of
     * the Deferred that {@code f} returns, once that one fires.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delaySeconds how long to wait, in seconds
     * @param f the function returning the Deferred to wait for; whatever it throws becomes the
     *     failure
     * @param <T> the type of the inner Deferred's result
     * @return a Deferred that fires with the inner Deferred's result, or fails with its failure,
     *     with what {@code f} threw, or with {@link io.torsion.defer.CancelledError CancelledError}
     * @throws IllegalArgumentException if the delay is negative or not a number
     * @throws NullPointerException if {@code clock} or {@code f} is null
     */
    public static <T> Deferred<T> deferLaterDeferred(ReactorTime clock, double delaySeconds,
            Callable<? extends Deferred<? extends T>> f) {
        Objects.requireNonNull(f, "f");
        return later(clock, delaySeconds).addCallbackDeferred(ignored -> f.call());
    }

    /**
     * Calls {@code f} after {@code delay} and fires the returned Deferred with the result of the
     * Deferred that {@code f} returns, once that one fires.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delay how long to wait
     * @param f the function returning the Deferred to wait for
     * @param <T> the type of the inner Deferred's result
     * @return a Deferred that fires with the inner Deferred's result, or fails as
     *     {@link #deferLaterDeferred(ReactorTime, double, Callable)} says
     * @throws IllegalArgumentException if the delay is negative
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deferred<T> deferLaterDeferred(ReactorTime clock, Duration delay,
            Callable<? extends Deferred<? extends T>> f) {
        return deferLaterDeferred(clock, ReactorTime.toSeconds(delay), f);
    }

    /**
     * Returns a Deferred that fires with {@code null} after {@code delaySeconds} (Twisted's
     * {@code deferLater} without a callable).
     *
     * @param clock schedules the firing
     * @param delaySeconds how long to wait, in seconds
     * @return a Deferred firing with null, or failing with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative or not a number
     * @throws NullPointerException if {@code clock} is null
     */
    public static Deferred<Void> deferLater(ReactorTime clock, double delaySeconds) {
        return later(clock, delaySeconds);
    }

    /**
     * Returns a Deferred that fires with {@code null} after {@code delay}.
     *
     * @param clock schedules the firing
     * @param delay how long to wait
     * @return a Deferred firing with null, or failing with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative
     * @throws NullPointerException if an argument is null
     */
    public static Deferred<Void> deferLater(ReactorTime clock, Duration delay) {
        return later(clock, ReactorTime.toSeconds(delay));
    }

    private static Deferred<Void> later(ReactorTime clock, double delaySeconds) {
        Objects.requireNonNull(clock, "clock");
        DelayedCall[] call = new DelayedCall[1];
        // The canceller runs only while the Deferred is unfired, that is while the call is pending;
        // it does not fire the Deferred, so cancel() goes on to fail it with CancelledError.
        Deferred<Void> d = new Deferred<>(self -> call[0].cancel());
        call[0] = clock.callLater(delaySeconds, () -> d.callback(null));
        return d;
    }
}
