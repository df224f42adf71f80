package io.torsion.protocols;

import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorTime;
import io.torsion.internet.Transport;
import java.util.List;
import java.util.Objects;

/**
 * Closes each connection of another factory after a period with no bytes read or written
 * (Twisted's {@code twisted.protocols.policies.TimeoutFactory}). Unlike Twisted's, the timer
 * starts when the connection is made rather than when the protocol is built (the two are one step
 * apart for the reactor's transports).
 *
 * <p>Threading: reactor thread only.
 */
public class TimeoutFactory extends WrappingFactory {
    /** Twisted's default idle period: 30 minutes. */
    public static final double DEFAULT_TIMEOUT_SECONDS = 30 * 60;

    private final ReactorTime clock;
    private final double timeoutSeconds;

    /**
     * Creates the factory.
     *
     * @param wrappedFactory builds the real protocols
     * @param clock schedules the timeouts
     * @param timeoutSeconds the idle period after which a connection is closed, above 0
     * @throws IllegalArgumentException if the period is not above 0
     */
    public TimeoutFactory(Factory<?> wrappedFactory, ReactorTime clock, double timeoutSeconds) {
        super(wrappedFactory);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("timeout must be above 0, got " + timeoutSeconds);
        }
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    protected ProtocolWrapper wrapProtocol(Protocol protocol) {
        return new TimeoutProtocol(this, protocol);
    }

    /**
     * A wrapper that closes its connection ({@code loseConnection}) after the factory's idle
     * period without traffic (Twisted's {@code TimeoutProtocol}).
     *
     * <p>Threading: reactor thread only.
     */
    public static class TimeoutProtocol extends ProtocolWrapper {
        private final TimeoutFactory timeouts;
        private DelayedCall timeoutCall;

        /**
         * Creates the wrapper.
         *
         * @param factory the timeout factory
         * @param wrappedProtocol the protocol to wrap
         */
        public TimeoutProtocol(TimeoutFactory factory, Protocol wrappedProtocol) {
            super(factory, wrappedProtocol);
            this.timeouts = factory;
        }

        @Override
        public void makeConnection(Transport transport) {
            timeoutCall = timeouts.clock.callLater(timeouts.timeoutSeconds, this::timedOut);
            super.makeConnection(transport);
        }

        /** Stops the timer for good (Twisted's {@code cancelTimeout}). */
        public void cancelTimeout() {
            if (timeoutCall != null && timeoutCall.active()) {
                timeoutCall.cancel();
            }
            timeoutCall = null;
        }

        private void resetTimeout() {
            if (timeoutCall != null && timeoutCall.active()) {
                timeoutCall.reset(timeouts.timeoutSeconds);
            }
        }

        private void timedOut() {
            timeoutCall = null;
            loseConnection();
        }

        @Override
        public void write(byte[] data) {
            resetTimeout();
            super.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            resetTimeout();
            super.writeSequence(data);
        }

        @Override
        public void dataReceived(byte[] data) {
            resetTimeout();
            super.dataReceived(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            cancelTimeout();
            super.connectionLost(reason);
        }
    }
}
