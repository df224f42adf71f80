package io.torsion.protocols;

import io.torsion.internet.DelayedCall;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Runs an action when a connection has been idle for a set period: each
 * {@link #resetTimeout()} (call it on activity) starts the period again (Twisted's
 * {@code twisted.protocols.policies.TimeoutMixin}, by composition instead of a mixin).
 *
 * <pre>{@code
 * class Session extends LineReceiver {
 *     private final IdleTimeout idle;
 *     Session(ReactorTime clock) { idle = IdleTimeout.closing(clock, this); }
 *     @Override public void connectionMade() { idle.setTimeout(30); }
 *     @Override protected void lineReceived(byte[] line) { idle.resetTimeout(); ... }
 *     @Override public void connectionLost(Failure reason) { idle.cancelTimeout(); }
 * }
 * }</pre>
 *
 * <p>BAD: forgetting {@code cancelTimeout()} in {@code connectionLost}, which leaves a timed call
 * holding the protocol until it fires. GOOD: cancel it there, as above.
 *
 * <p>Lifecycle: off → {@link #setTimeout(double)} → armed; {@link #resetTimeout()} restarts an
 * armed timer; when it fires, the action runs once and the timer is expired (a
 * {@code resetTimeout} then does nothing, a {@code setTimeout} arms it again);
 * {@link #cancelTimeout()} turns it off from any state.
 *
 * <p>Threading: reactor thread only (the thread of its {@link ReactorTime}).
 */
public final class IdleTimeout {
    private enum State { OFF, ARMED, EXPIRED }

    private final ReactorTime clock;
    private final Runnable timeoutConnection;
    private State state = State.OFF;
    private double period;
    private DelayedCall call;

    /**
     * Creates a timer, off, that runs {@code timeoutConnection} when it expires.
     *
     * @param clock the time source: the reactor, or a {@code Clock} in tests
     * @param timeoutConnection what to do on time-out (Twisted's {@code timeoutConnection})
     */
    public IdleTimeout(ReactorTime clock, Runnable timeoutConnection) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeoutConnection = Objects.requireNonNull(timeoutConnection, "timeoutConnection");
    }

    /**
     * Creates a timer, off, that closes {@code protocol}'s connection when it expires, as
     * Twisted's default {@code timeoutConnection} does.
     *
     * @param clock the time source
     * @param protocol the protocol whose transport's {@code loseConnection} is called
     * @return the timer
     */
    public static IdleTimeout closing(ReactorTime clock, Protocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return new IdleTimeout(clock, () -> protocol.transport().loseConnection());
    }

    /**
     * Sets the idle period and (re)starts the timer from now.
     *
     * @param seconds the period
     * @return the previous period, or empty if the timer had none (Twisted returns it too)
     * @throws IllegalArgumentException if {@code seconds} is negative or not a number
     */
    public OptionalDouble setTimeout(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("timeout must be a non-negative number of seconds, got " + seconds);
        }
        OptionalDouble previous = getTimeout();
        period = seconds;
        if (state == State.ARMED) {
            call.reset(seconds);
        } else {
            call = clock.callLater(seconds, this::timedOut);
            state = State.ARMED;
        }
        return previous;
    }

    /**
     * Sets the idle period and (re)starts the timer from now.
     *
     * @param timeout the period
     * @return the previous period in seconds, or empty if none
     */
    public OptionalDouble setTimeout(Duration timeout) {
        return setTimeout(ReactorTime.toSeconds(timeout));
    }

    /**
     * Turns the timer off (Twisted's {@code setTimeout(None)}).
     *
     * @return the previous period, or empty if none
     */
    public OptionalDouble cancelTimeout() {
        OptionalDouble previous = getTimeout();
        if (state == State.ARMED) {
            call.cancel();
        }
        call = null;
        state = State.OFF;
        return previous;
    }

    /** Restarts the period from now, if the timer is armed; otherwise does nothing. */
    public void resetTimeout() {
        if (state == State.ARMED) {
            call.reset(period);
        }
    }

    /**
     * Returns the idle period (Twisted's {@code timeOut}); it stays set after the timer expires.
     *
     * @return the period in seconds, or empty when off
     */
    public OptionalDouble getTimeout() {
        return state == State.OFF ? OptionalDouble.empty() : OptionalDouble.of(period);
    }

    /**
     * Tells whether the timer is counting down.
     *
     * @return true when armed and not yet expired
     */
    public boolean isArmed() {
        return state == State.ARMED;
    }

    private void timedOut() {
        state = State.EXPIRED;
        call = null;
        timeoutConnection.run();
    }
}
