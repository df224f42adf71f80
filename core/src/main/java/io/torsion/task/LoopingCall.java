package io.torsion.task;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * Calls a function repeatedly, every {@code interval} seconds, until stopped (Twisted's
 * {@code twisted.internet.task.LoopingCall}).
 *
 * <pre>{@code
 * LoopingCall heartbeat = new LoopingCall(reactor, () -> { sendPing(); return null; });
 * heartbeat.start(Duration.ofSeconds(30))          // first call now, then every 30 s
 *         .addCallback(loop -> { log("stopped"); return null; });
 * ...
 * heartbeat.stop();                                 // fires the start Deferred with the loop
 * }</pre>
 *
 * <p>Lifecycle, enforced by {@link State}:
 * <ol>
 *   <li>{@link State#IDLE}: {@link #start} schedules the calls (and with {@code now} makes the first
 *       one at once) and returns a Deferred; the loop is {@link State#RUNNING}.</li>
 *   <li>Each call happens at the next multiple of the interval after the start time that is still
 *       in the future: when a call or the reactor was late, the intervals missed are skipped, not
 *       made up ({@link #withCount} tells the function how many passed). With an interval of 0 the
 *       function is called again as soon as possible, at zero delay: on a {@link Clock}, within the
 *       same {@code advance}, so such a loop must stop itself or it trips the clock's spin bound.</li>
 *   <li>If the function returns a Deferred, the next call is scheduled only once that Deferred has
 *       fired; its result is ignored.</li>
 *   <li>{@link #stop()} ends the loop. If a call is scheduled, it is cancelled and the start
 *       Deferred fires at once with this LoopingCall. If the function is running or its Deferred is
 *       pending, the loop is {@link State#STOPPING}: that Deferred is <em>not</em> cancelled, and the
 *       start Deferred fires once it has fired.</li>
 *   <li>If the function throws, or its Deferred fails, the loop ends and the start Deferred fails
 *       with that failure.</li>
 *   <li>When the start Deferred fires the loop is {@link State#IDLE} again, so its callbacks may
 *       call {@link #start} anew.</li>
 * </ol>
 *
 * <p>Where Torsion differs from Twisted, on purpose: cancelling the start Deferred stops the loop
 * (Twisted #6656): a scheduled call is cancelled, a pending Deferred returned by the function is
 * cancelled, and the start Deferred fails with {@link CancelledError}. {@code start} while the loop
 * is running or stopping, and {@code stop} or {@code reset} while it is not running, throw
 * {@link IllegalStateException} (Twisted asserts, and lets a start during a pending Deferred confuse
 * the loop, Twisted #2998 and #2804). {@link #withCount} counts from the latest {@code start}, not
 * across a stop.
 *
 * <p>Threading: reactor thread only (the thread of the {@link ReactorTime} given; for a
 * {@link Clock}, the test's thread). The function and the start Deferred's callbacks run there.
 */
public final class LoopingCall {
    /**
     * Where a {@link LoopingCall} is in its lifecycle.
     *
     * <p>Threading: immutable.
     */
    public enum State {
        /** Not started, or finished: {@link #start} is allowed. */
        IDLE,
        /** Started: a call is scheduled, the function is running, or its Deferred is pending. */
        RUNNING,
        /** Stopped while the function ran or its Deferred was pending; ends when that finishes. */
        STOPPING
    }

    /**
     * A function for {@link #withCount} that receives how many intervals have passed since it was
     * last called (Twisted's {@code countCallable}).
     *
     * <p>Threading: called on the loop's reactor thread.
     */
    @FunctionalInterface
    public interface CountFunction {
        /**
         * Does one iteration of the work.
         *
         * @param count how many intervals have passed since the previous call, at least 1
         * @return anything; a Deferred makes the loop wait for it before scheduling the next call
         * @throws Exception anything; it stops the loop and fails the start Deferred
         */
        Object call(int count) throws Exception;
    }

    private final ReactorTime clock;
    private final Callable<?> function;
    private final CountFunction countFunction;

    private State state = State.IDLE;
    /** The current start's Deferred: set while RUNNING or STOPPING; identifies the run. */
    private Deferred<LoopingCall> deferred;
    /** The scheduled next call; null while the function runs or its Deferred is pending. */
    private DelayedCall call;
    /** The function's pending Deferred, if any, so that cancelling the loop can cancel it. */
    private Deferred<?> waitingOn;
    private double interval = Double.NaN;
    private double startTime;
    private boolean runAtStart;
    /** For withCount: when the function was last called in this run; NaN before the first call. */
    private double realLastTime = Double.NaN;

    /**
     * Creates a loop that will call {@code function} on {@code clock} once started.
     *
     * @param clock schedules the calls: the reactor, or a {@link Clock} in tests (Twisted's
     *     {@code clock} attribute)
     * @param function the work; it may return a Deferred, which the loop waits for; whatever it
     *     throws stops the loop and fails the start Deferred
     * @throws NullPointerException if an argument is null
     */
    public LoopingCall(ReactorTime clock, Callable<?> function) {
        this(clock, Objects.requireNonNull(function, "function"), null);
    }

    private LoopingCall(ReactorTime clock, Callable<?> function, CountFunction countFunction) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.function = function;
        this.countFunction = countFunction;
    }

    /**
     * Creates a loop whose function receives the number of intervals that have passed since it was
     * last called (Twisted's {@code LoopingCall.withCount}): normally 1, more when calls were
     * skipped because the reactor, the function or its Deferred was late. It is never called with
     * 0: a call that would find no interval boundary crossed is skipped. With an interval of 0 the
     * count is always 1. A count beyond {@link Integer#MAX_VALUE} fails the loop with
     * {@link ArithmeticException}.
     *
     * @param clock schedules the calls
     * @param function the work, receiving the count; it may return a Deferred
     * @return the new, idle loop
     * @throws NullPointerException if an argument is null
     */
    public static LoopingCall withCount(ReactorTime clock, CountFunction function) {
        return new LoopingCall(clock, null, Objects.requireNonNull(function, "function"));
    }

    /**
     * Starts calling the function every {@code intervalSeconds}, the first time at once if
     * {@code now} is true, else after one interval.
     *
     * @param intervalSeconds the interval in seconds; 0 means as often as possible
     * @param now whether to make the first call at once, inside this method
     * @return a Deferred that fires with this LoopingCall when {@link #stop()} ends the loop, or
     *     fails with what the function threw or with its Deferred's failure, or with
     *     {@link CancelledError} when cancelled (which stops the loop). It may already have fired
     *     when returned, if the first call stopped the loop or failed.
     * @throws IllegalArgumentException if the interval is negative, infinite or not a number
     * @throws IllegalStateException if the loop is not {@link State#IDLE}
     */
    public Deferred<LoopingCall> start(double intervalSeconds, boolean now) {
        expect(State.IDLE, "start");
        checkInterval(intervalSeconds);
        state = State.RUNNING;
        // The first call may end the run at once and clear the field; keep our own reference.
        Deferred<LoopingCall> started = new Deferred<>(this::cancelled);
        deferred = started;
        startTime = clock.seconds();
        interval = intervalSeconds;
        runAtStart = now;
        realLastTime = Double.NaN;
        if (now) {
            runIteration();
        } else {
            scheduleFrom(startTime);
        }
        return started;
    }

    /**
     * Starts calling the function every {@code interval}, as {@link #start(double, boolean)}.
     *
     * @param interval the interval; zero means as often as possible
     * @param now whether to make the first call at once
     * @return the Deferred described at {@link #start(double, boolean)}
     * @throws IllegalArgumentException if the interval is negative
     * @throws IllegalStateException if the loop is not {@link State#IDLE}
     */
    public Deferred<LoopingCall> start(Duration interval, boolean now) {
        return start(ReactorTime.toSeconds(interval), now);
    }

    /**
     * Starts calling the function every {@code intervalSeconds}, the first time at once.
     *
     * @param intervalSeconds the interval in seconds
     * @return the Deferred described at {@link #start(double, boolean)}
     * @throws IllegalArgumentException if the interval is negative, infinite or not a number
     * @throws IllegalStateException if the loop is not {@link State#IDLE}
     */
    public Deferred<LoopingCall> start(double intervalSeconds) {
        return start(intervalSeconds, true);
    }

    /**
     * Starts calling the function every {@code interval}, the first time at once.
     *
     * @param interval the interval
     * @return the Deferred described at {@link #start(double, boolean)}
     * @throws IllegalArgumentException if the interval is negative
     * @throws IllegalStateException if the loop is not {@link State#IDLE}
     */
    public Deferred<LoopingCall> start(Duration interval) {
        return start(interval, true);
    }

    /**
     * Stops the loop: no further call is made. If a call is scheduled, the start Deferred fires
     * now with this LoopingCall. If the function is running or its Deferred is pending, that
     * Deferred is left alone and the start Deferred fires after it does. May be called from inside
     * the function.
     *
     * @throws IllegalStateException if the loop is not {@link State#RUNNING}
     */
    public void stop() {
        expect(State.RUNNING, "stop");
        if (call == null) {
            state = State.STOPPING;
            return;
        }
        call.cancel();
        call = null;
        finish().callback(this);
    }

    /**
     * Skips the next call and restarts the interval timer from now (Twisted's
     * {@code LoopingCall.reset}). Does nothing while the function is running or its Deferred is
     * pending.
     *
     * @throws IllegalStateException if the loop is not {@link State#RUNNING}
     */
    public void reset() {
        expect(State.RUNNING, "reset");
        if (call != null) {
            call.cancel();
            call = null;
            startTime = clock.seconds();
            scheduleFrom(startTime);
        }
    }

    /**
     * Tells whether the loop is running: started and neither stopped nor failed (Twisted's
     * {@code running}). It is false while {@link State#STOPPING}.
     *
     * @return true while {@link State#RUNNING}
     */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Returns where the loop is in its lifecycle.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Returns the interval in seconds (Twisted's {@code interval}).
     *
     * @return the interval of the latest {@link #start} or {@link #setInterval}; empty before either
     */
    public OptionalDouble interval() {
        return Double.isNaN(interval) ? OptionalDouble.empty() : OptionalDouble.of(interval);
    }

    /**
     * Changes the interval; it takes effect when the next call is scheduled (a call already
     * scheduled keeps its time). Intervals are still counted from the start time.
     *
     * @param intervalSeconds the new interval in seconds
     * @throws IllegalArgumentException if it is negative, infinite or not a number
     */
    public void setInterval(double intervalSeconds) {
        checkInterval(intervalSeconds);
        interval = intervalSeconds;
    }

    /**
     * Changes the interval, as {@link #setInterval(double)}.
     *
     * @param interval the new interval
     * @throws IllegalArgumentException if it is negative
     */
    public void setInterval(Duration interval) {
        setInterval(ReactorTime.toSeconds(interval));
    }

    /**
     * Returns the scheduled next call (Twisted's {@code call}).
     *
     * @return the pending call; empty when not running, and while the function runs or its
     *     Deferred is pending
     */
    public Optional<DelayedCall> call() {
        return Optional.ofNullable(call);
    }

    /**
     * Returns the time source that schedules the calls (Twisted's {@code clock}).
     *
     * @return the clock given at construction
     */
    public ReactorTime clock() {
        return clock;
    }

    @Override
    public String toString() {
        String what = countFunction != null ? "withCount " + countFunction : String.valueOf(function);
        return "LoopingCall<" + (Double.isNaN(interval) ? "no interval" : interval) + " " + state + ">(" + what + ")";
    }

    // ------------------------------------------------------------------ the loop

    private void runIteration() {
        call = null;
        Deferred<LoopingCall> run = deferred;
        Deferred<Object> result = Deferred.maybeDeferred(this::invokeFunction);
        if (deferred == run) {
            waitingOn = result;
        }
        result.addCallbacks(ignored -> {
            iterationSucceeded(run);
            return null;
        }, failure -> iterationFailed(run, failure));
    }

    private Object invokeFunction() throws Exception {
        if (countFunction == null) {
            return function.call();
        }
        double now = clock.seconds();
        if (interval == 0) {
            realLastTime = now;
            return countFunction.call(1);
        }
        double lastTime = realLastTime;
        if (Double.isNaN(lastTime)) {
            lastTime = runAtStart ? startTime - interval : startTime;
        }
        long count = intervalOf(now) - intervalOf(lastTime);
        if (count <= 0) {
            // No interval boundary crossed since the last call (floating-point rounding): skip it.
            return null;
        }
        realLastTime = now;
        return countFunction.call(Math.toIntExact(count));
    }

    private long intervalOf(double time) {
        return (long) ((time - startTime) / interval);
    }

    private void iterationSucceeded(Deferred<LoopingCall> run) {
        if (deferred != run) {
            return; // the run was cancelled meanwhile; this result belongs to no one
        }
        waitingOn = null;
        switch (state) {
            case RUNNING -> scheduleFrom(clock.seconds());
            case STOPPING -> finish().callback(this);
            case IDLE -> throw new IllegalStateException("a LoopingCall run ended while IDLE");
        }
    }

    private Object iterationFailed(Deferred<LoopingCall> run, Failure failure) {
        if (deferred != run) {
            // Cancelled meanwhile: the CancelledError is the one cancelling caused; anything else
            // stays in the function's Deferred, where the unhandled-failure report shows it.
            return failure.check(CancelledError.class) ? null : failure;
        }
        finish().errback(failure);
        return null;
    }

    /** Ends the current run; returns its Deferred for the caller to fire, now that we are IDLE. */
    private Deferred<LoopingCall> finish() {
        Deferred<LoopingCall> run = deferred;
        deferred = null;
        waitingOn = null;
        state = State.IDLE;
        return run;
    }

    /** The start Deferred's canceller: ends the run; Deferred.cancel then fails it. */
    private void cancelled(Deferred<LoopingCall> run) {
        if (deferred != run) {
            return;
        }
        DelayedCall scheduled = call;
        call = null;
        Deferred<?> pending = waitingOn;
        finish();
        if (scheduled != null) {
            scheduled.cancel();
        }
        if (pending != null) {
            pending.cancel();
        }
    }

    private void scheduleFrom(double when) {
        call = clock.callLater(delayUntilNextCall(when), this::runIteration);
    }

    /** How long from {@code when} to the next multiple of the interval after the start time. */
    private double delayUntilNextCall(double when) {
        if (interval == 0) {
            return 0;
        }
        double runningFor = when - startTime;
        double intoInterval = runningFor % interval;
        if (intoInterval < 0) {
            intoInterval += interval; // Python's modulo, which Twisted relies on
        }
        double untilNext = interval - intoInterval;
        // Too small to change `when` (a large time plus a tiny remainder): that boundary is now,
        // which is not the future, so take the one after.
        if (when == when + untilNext) {
            return interval;
        }
        return untilNext;
    }

    private void expect(State expected, String action) {
        if (state != expected) {
            throw new IllegalStateException("cannot " + action + " a LoopingCall that is " + state
                    + " (it must be " + expected + ")");
        }
    }

    private static void checkInterval(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("interval must be a finite number of seconds >= 0, got " + seconds);
        }
    }
}
