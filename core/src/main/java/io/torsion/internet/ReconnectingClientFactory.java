package io.torsion.internet;

import io.torsion.defer.Failure;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Reconnects whenever its connection fails or is lost, waiting longer after each failure
 * (Twisted's {@code ReconnectingClientFactory}).
 *
 * <p>After each failure or loss the delay is multiplied by {@link Backoff#factor()}, capped at
 * {@link Backoff#maxDelay()}, and then jittered: drawn from a normal distribution centred on it
 * with standard deviation {@code delay * jitter} (never below zero), so that many clients dropped
 * together do not all come back together. The connector's {@link Connector#connect()} then runs on
 * the given {@link ReactorTime} after that delay.
 *
 * <p>Typical use: call {@link #resetDelay()} once a connection has really succeeded (for example
 * in {@code buildProtocol} or after a handshake), and {@link #stopTrying()} to give up.
 * <pre>{@code
 * var factory = new ReconnectingClientFactory<>(MyClient::new, reactor) {
 *     @Override public MyClient buildProtocol(Address addr) { resetDelay(); return super.buildProtocol(addr); }
 * };
 * factory.setBackoff(ReconnectingClientFactory.Backoff.defaults().withMaxDelay(60));
 * }</pre>
 *
 * <p>Lifecycle: trying (retries are scheduled after each failure) → stopped (after
 * {@link #stopTrying()}: the pending retry is cancelled and an attempt in progress abandoned) →
 * trying again only after {@link #resetDelay()}.
 *
 * <p>Where Torsion differs: the time source is passed in rather than the global reactor;
 * {@link #resetDelay()} leaves an already scheduled retry scheduled (Twisted forgets it, so a later
 * {@code stopTrying} cannot cancel it).
 *
 * <p>Threading: reactor thread only (the thread of its {@link ReactorTime}).
 *
 * @param <P> the protocols it builds
 */
public class ReconnectingClientFactory<P extends Protocol> extends ClientFactory<P> {
    /**
     * The back-off settings (Twisted's {@code initialDelay}, {@code maxDelay}, {@code factor},
     * {@code jitter} and {@code maxRetries} attributes).
     *
     * <p>Threading: immutable.
     *
     * @param initialDelay the delay, in seconds, that {@link #resetDelay()} restores; the first
     *     retry waits {@code initialDelay * factor}
     * @param maxDelay the longest delay before jitter, in seconds
     * @param factor how much the delay grows per failure, at least 1
     * @param jitter the standard deviation of the delay, as a fraction of it; 0 for none
     * @param maxRetries how many retries in a row before giving up; empty for no limit
     */
    public record Backoff(double initialDelay, double maxDelay, double factor, double jitter, OptionalInt maxRetries) {
        /** Twisted's default growth factor, e. */
        public static final double DEFAULT_FACTOR = Math.E;
        /** Twisted's default jitter fraction. */
        public static final double DEFAULT_JITTER = 0.11962656472;

        /**
         * Checks the settings.
         *
         * @param initialDelay the first delay
         * @param maxDelay the cap
         * @param factor the growth factor
         * @param jitter the jitter fraction
         * @param maxRetries the retry limit, if any
         * @throws IllegalArgumentException if a delay or the jitter is negative, the factor is below
         *     1, or the retry limit is negative
         */
        public Backoff {
            Objects.requireNonNull(maxRetries, "maxRetries");
            if (!(initialDelay >= 0) || !(maxDelay >= 0) || !(jitter >= 0)) {
                throw new IllegalArgumentException("delays and jitter must be non-negative: " + initialDelay
                        + ", " + maxDelay + ", " + jitter);
            }
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("factor must be at least 1, got " + factor);
            }
            if (maxRetries.isPresent() && maxRetries.getAsInt() < 0) {
                throw new IllegalArgumentException("maxRetries must be non-negative, got " + maxRetries);
            }
        }

        /**
         * Returns Twisted's defaults: 1 s initial delay, 3600 s cap, factor e, jitter 0.1196, no
         * retry limit.
         *
         * @return the defaults
         */
        public static Backoff defaults() {
            return new Backoff(1.0, 3600, DEFAULT_FACTOR, DEFAULT_JITTER, OptionalInt.empty());
        }

        /**
         * Returns these settings with another initial delay.
         *
         * @param seconds the initial delay
         * @return the new settings
         */
        public Backoff withInitialDelay(double seconds) {
            return new Backoff(seconds, maxDelay, factor, jitter, maxRetries);
        }

        /**
         * Returns these settings with another cap.
         *
         * @param seconds the longest delay before jitter
         * @return the new settings
         */
        public Backoff withMaxDelay(double seconds) {
            return new Backoff(initialDelay, seconds, factor, jitter, maxRetries);
        }

        /**
         * Returns these settings with another growth factor.
         *
         * @param newFactor the factor
         * @return the new settings
         */
        public Backoff withFactor(double newFactor) {
            return new Backoff(initialDelay, maxDelay, newFactor, jitter, maxRetries);
        }

        /**
         * Returns these settings with another jitter fraction.
         *
         * @param newJitter the fraction; 0 for none
         * @return the new settings
         */
        public Backoff withJitter(double newJitter) {
            return new Backoff(initialDelay, maxDelay, factor, newJitter, maxRetries);
        }

        /**
         * Returns these settings with a retry limit.
         *
         * @param retries how many retries in a row before giving up
         * @return the new settings
         */
        public Backoff withMaxRetries(int retries) {
            return new Backoff(initialDelay, maxDelay, factor, jitter, OptionalInt.of(retries));
        }
    }

    private enum State { TRYING, STOPPED }

    private final ReactorTime clock;
    private Backoff backoff = Backoff.defaults();
    private RandomGenerator random = new Random();
    private State state = State.TRYING;
    private double delay = backoff.initialDelay();
    private int retries;
    private DelayedCall pendingRetry;
    private Connector connector;

    /**
     * Creates a factory building protocols with {@code protocol} and scheduling retries on
     * {@code clock}.
     *
     * @param protocol makes a new protocol per connection
     * @param clock the time source for retries: the reactor, or a {@code Clock} in tests
     */
    public ReconnectingClientFactory(Supplier<? extends P> protocol, ReactorTime clock) {
        super(protocol);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a factory for a subclass that overrides {@link #buildProtocol(Address)}.
     *
     * @param clock the time source for retries
     */
    protected ReconnectingClientFactory(ReactorTime clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Replaces the back-off settings and restarts the delay from the new initial delay.
     *
     * @param newBackoff the settings
     */
    public void setBackoff(Backoff newBackoff) {
        this.backoff = Objects.requireNonNull(newBackoff, "backoff");
        this.delay = newBackoff.initialDelay();
    }

    /**
     * Returns the back-off settings.
     *
     * @return the settings
     */
    public Backoff getBackoff() {
        return backoff;
    }

    /**
     * Replaces the source of jitter, so that tests can be deterministic.
     *
     * @param newRandom the generator
     */
    public void setRandom(RandomGenerator newRandom) {
        this.random = Objects.requireNonNull(newRandom, "random");
    }

    /**
     * Returns the delay the last scheduled retry waited, or the initial delay if none was scheduled
     * since the last reset (Twisted's {@code delay}).
     *
     * @return seconds
     */
    public double getDelay() {
        return delay;
    }

    /**
     * Returns how many retries were made since the last reset (Twisted's {@code retries}).
     *
     * @return the count
     */
    public int getRetries() {
        return retries;
    }

    /**
     * Tells whether the factory still reconnects after failures (Twisted's {@code continueTrying}).
     *
     * @return false after {@link #stopTrying()} until {@link #resetDelay()}
     */
    public boolean isTrying() {
        return state == State.TRYING;
    }

    /**
     * Schedules a retry, unless the factory stopped trying. Subclasses that override it should call
     * super.
     *
     * @param connector the connector to retry with
     * @param reason why the attempt failed
     */
    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
        if (state == State.TRYING) {
            this.connector = connector;
            retry();
        }
    }

    /**
     * Schedules a reconnection, unless the factory stopped trying. Subclasses that override it
     * should call super.
     *
     * @param connector the connector to reconnect with
     * @param reason why the connection ended
     */
    @Override
    public void clientConnectionLost(Connector connector, Failure reason) {
        if (state == State.TRYING) {
            this.connector = connector;
            retry();
        }
    }

    /**
     * Schedules {@link Connector#connect()} on the last connector after the next back-off delay;
     * does nothing after {@link #stopTrying()} or once the retry limit is passed.
     *
     * @throws IllegalStateException if no connector has been seen yet
     */
    public void retry() {
        if (connector == null) {
            throw new IllegalStateException("no connector to retry: no connection attempt has failed yet");
        }
        retry(connector);
    }

    /**
     * Schedules {@link Connector#connect()} on {@code target} after the next back-off delay; does
     * nothing after {@link #stopTrying()} or once the retry limit is passed.
     *
     * @param target the connector to use
     */
    public void retry(Connector target) {
        Objects.requireNonNull(target, "connector");
        if (state != State.TRYING) {
            return;
        }
        retries++;
        if (backoff.maxRetries().isPresent() && retries > backoff.maxRetries().getAsInt()) {
            return;
        }
        delay = Math.min(delay * backoff.factor(), backoff.maxDelay());
        if (backoff.jitter() > 0) {
            delay = Math.max(0, delay + random.nextGaussian() * delay * backoff.jitter());
        }
        connector = target;
        pendingRetry = clock.callLater(delay, () -> {
            pendingRetry = null;
            target.connect();
        });
    }

    /**
     * Stops reconnecting: cancels the scheduled retry and abandons an attempt in progress.
     */
    public void stopTrying() {
        if (pendingRetry != null) {
            pendingRetry.cancel();
            pendingRetry = null;
        }
        state = State.STOPPED;
        if (connector != null) {
            try {
                connector.stopConnecting();
            } catch (NotConnectingError notConnecting) {
                // Nothing in progress to abandon: that is the outcome stopTrying wants.
            }
        }
    }

    /**
     * Restores the initial delay and zero retries and resumes trying; call it once a connection
     * has succeeded.
     */
    public void resetDelay() {
        delay = backoff.initialDelay();
        retries = 0;
        state = State.TRYING;
    }
}
