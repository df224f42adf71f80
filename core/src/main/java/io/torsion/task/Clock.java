package io.torsion.task;

import io.torsion.internet.AlreadyCalled;
import io.torsion.internet.AlreadyCancelled;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Fake time for tests: scheduled calls run only when the test moves time forward with
 * {@link #advance} or {@link #pump} (Twisted's {@code twisted.internet.task.Clock}).
 *
 * <p>{@code advance(t)} first moves time, then runs every call due by the new time in (time,
 * scheduling order) order, including calls scheduled while it runs whose time is then due. A call
 * that keeps rescheduling itself with no delay would never let {@code advance} return; after
 * {@value #MAX_CALLS_PER_ADVANCE} calls in one advance, it throws {@link IllegalStateException}
 * saying so. An exception thrown by a call propagates out of {@code advance}; the calls not yet run
 * stay scheduled.
 *
 * <pre>{@code
 * Clock clock = new Clock();
 * Deferred<String> d = someOperation(clock).addTimeout(Duration.ofSeconds(5), clock);
 * clock.advance(5);
 * failureResultOf(d, TimeoutError.class);
 * }</pre>
 *
 * <p>Threading: not thread-safe; use it from the test's thread.
 */
public final class Clock implements ReactorTime {
    /** How many calls one {@link #advance} may run before it decides that it is spinning. */
    public static final int MAX_CALLS_PER_ADVANCE = 1_000_000;

    private static final Comparator<Call> ORDER =
            Comparator.comparingDouble((Call c) -> c.time).thenComparingLong(c -> c.sequence);

    private final TreeSet<Call> calls = new TreeSet<>(ORDER);
    private double now;
    private long nextSequence;

    /** Creates a clock at time 0. */
    public Clock() {
    }

    @Override
    public double seconds() {
        return now;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the delay is negative or not a number
     */
    @Override
    public DelayedCall callLater(double delaySeconds, Runnable callable) {
        Objects.requireNonNull(callable, "callable");
        checkDelay(delaySeconds);
        Call call = new Call(callable);
        schedule(call, now + delaySeconds);
        return call;
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return new ArrayList<>(calls);
    }

    /**
     * Moves time forward by {@code amount} seconds, then runs the calls due.
     *
     * @param amount seconds to move; zero runs the calls due now
     * @throws IllegalArgumentException if {@code amount} is negative, infinite or not a number
     * @throws IllegalStateException if the calls keep rescheduling themselves without end
     */
    public void advance(double amount) {
        checkDelay(amount);
        if (amount == Double.POSITIVE_INFINITY) {
            // Infinite time would make every later call due at once, forever.
            throw new IllegalArgumentException("cannot advance a Clock by an infinite amount");
        }
        now += amount;
        int ran = 0;
        while (!calls.isEmpty() && calls.first().time <= now) {
            if (++ran > MAX_CALLS_PER_ADVANCE) {
                throw new IllegalStateException("Clock.advance ran " + MAX_CALLS_PER_ADVANCE
                        + " calls without running out of due calls: a call probably reschedules itself"
                        + " with no delay");
            }
            Call call = calls.pollFirst();
            call.state = State.CALLED;
            call.callable.run();
        }
    }

    /**
     * Moves time forward by {@code amount}, then runs the calls due.
     *
     * @param amount how far to move
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws IllegalStateException if the calls keep rescheduling themselves without end
     */
    public void advance(Duration amount) {
        advance(ReactorTime.toSeconds(amount));
    }

    /**
     * Advances by each of {@code timings} in turn (Twisted's {@code pump}).
     *
     * @param timings the successive amounts, in seconds
     * @throws IllegalArgumentException if an amount is refused by {@link #advance(double)}; the
     *     amounts before it have been applied
     * @throws IllegalStateException if the calls keep rescheduling themselves without end
     */
    public void pump(double... timings) {
        for (double amount : timings) {
            advance(amount);
        }
    }

    private void schedule(Call call, double time) {
        call.time = time;
        call.sequence = nextSequence++;
        calls.add(call);
    }

    private static void checkDelay(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("time must be a non-negative number of seconds, got " + seconds);
        }
    }

    private static void checkNumber(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("time must be a number of seconds, got NaN");
        }
    }

    private enum State { PENDING, CALLED, CANCELLED }

    private final class Call implements DelayedCall {
        final Runnable callable;
        double time;
        long sequence;
        State state = State.PENDING;

        Call(Runnable callable) {
            this.callable = callable;
        }

        @Override
        public double getTime() {
            return time;
        }

        @Override
        public void cancel() {
            checkPending();
            calls.remove(this);
            state = State.CANCELLED;
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException if {@code secondsLater} is not a number (the call would
         *     silently never run); the call is left where it was
         */
        @Override
        public void delay(double secondsLater) {
            checkNumber(secondsLater);
            checkPending();
            calls.remove(this);
            schedule(this, time + secondsLater);
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException if {@code secondsFromNow} is not a number (the call
         *     would silently never run); the call is left where it was
         */
        @Override
        public void reset(double secondsFromNow) {
            checkNumber(secondsFromNow);
            checkPending();
            calls.remove(this);
            schedule(this, now + secondsFromNow);
        }

        @Override
        public boolean active() {
            return state == State.PENDING;
        }

        private void checkPending() {
            switch (state) {
                case CALLED -> throw new AlreadyCalled("the call due at " + time + " has already run");
                case CANCELLED -> throw new AlreadyCancelled("the call due at " + time + " was cancelled");
                case PENDING -> { }
            }
        }

        @Override
        public String toString() {
            return "<DelayedCall at " + time + " " + state + " " + callable + ">";
        }
    }
}
