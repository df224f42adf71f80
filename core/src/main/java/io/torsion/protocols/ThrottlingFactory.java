package io.torsion.protocols;

import io.torsion.internet.Address;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.Factory;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.PushProducer;
import io.torsion.internet.ReactorTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Limits how many connections another factory serves at once and how many bytes per second all of
 * them read and write together (Twisted's {@code twisted.protocols.policies.ThrottlingFactory}).
 *
 * <p>Connections beyond {@link Limits#maxConnectionCount()} are closed as soon as they are made
 * (Twisted's factory returns {@code None}, which does the same). Bandwidth is measured per second
 * of the given {@link ReactorTime}, as in Twisted: once a second, if more than the limit was read
 * (written) in that second, every connection's reading (its registered push producer) is paused
 * for {@code bytes / limit - 1} seconds and then resumed. So the limit is an average over a
 * few seconds, never a hard cap on a single write.
 *
 * <pre>{@code
 * reactor.listenTCP(8080, new ThrottlingFactory(Factory.forProtocol(Echo::new), reactor,
 *         ThrottlingFactory.Limits.none().withMaxConnectionCount(100).withReadLimit(64 * 1024)));
 * }</pre>
 *
 * <p>Threading: reactor thread only.
 */
public class ThrottlingFactory extends WrappingFactory {
    /**
     * The limits of a {@link ThrottlingFactory}; 0 means no limit for the byte rates.
     *
     * <p>Threading: immutable.
     *
     * @param maxConnectionCount the most connections served at once, at least 1
     * @param readLimit bytes read per second by all connections together, 0 for no limit
     * @param writeLimit bytes written per second by all connections together, 0 for no limit
     */
    public record Limits(int maxConnectionCount, long readLimit, long writeLimit) {
        /**
         * Checks the limits.
         *
         * @param maxConnectionCount the most connections
         * @param readLimit the read rate, 0 for none
         * @param writeLimit the write rate, 0 for none
         * @throws IllegalArgumentException if a limit is out of range
         */
        public Limits {
            if (maxConnectionCount < 1 || readLimit < 0 || writeLimit < 0) {
                throw new IllegalArgumentException("bad limits: " + maxConnectionCount + " connections, "
                        + readLimit + " B/s read, " + writeLimit + " B/s write");
            }
        }

        /**
         * Returns no limits at all.
         *
         * @return unlimited connections and rates
         */
        public static Limits none() {
            return new Limits(Integer.MAX_VALUE, 0, 0);
        }

        /**
         * Returns these limits with another connection limit.
         *
         * @param count the most connections served at once
         * @return the new limits
         */
        public Limits withMaxConnectionCount(int count) {
            return new Limits(count, readLimit, writeLimit);
        }

        /**
         * Returns these limits with another read rate.
         *
         * @param bytesPerSecond the rate, 0 for none
         * @return the new limits
         */
        public Limits withReadLimit(long bytesPerSecond) {
            return new Limits(maxConnectionCount, bytesPerSecond, writeLimit);
        }

        /**
         * Returns these limits with another write rate.
         *
         * @param bytesPerSecond the rate, 0 for none
         * @return the new limits
         */
        public Limits withWriteLimit(long bytesPerSecond) {
            return new Limits(maxConnectionCount, readLimit, bytesPerSecond);
        }
    }

    private final ReactorTime clock;
    private final Limits limits;
    private int connectionCount;
    private long readThisSecond;
    private long writtenThisSecond;
    private DelayedCall checkReadBandwidth;
    private DelayedCall checkWriteBandwidth;
    private DelayedCall unthrottleReads;
    private DelayedCall unthrottleWrites;

    /**
     * Creates the factory.
     *
     * @param wrappedFactory builds the real protocols
     * @param clock measures the seconds (the reactor, or a {@code Clock} in tests)
     * @param limits the limits
     */
    public ThrottlingFactory(Factory<?> wrappedFactory, ReactorTime clock, Limits limits) {
        super(wrappedFactory);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Returns the number of connections now served (Twisted's {@code connectionCount}).
     *
     * @return the count
     */
    public int connectionCount() {
        return connectionCount;
    }

    /**
     * Returns the limits.
     *
     * @return the limits
     */
    public Limits limits() {
        return limits;
    }

    /**
     * Wraps a new connection's protocol, or, beyond the connection limit, returns a protocol that
     * closes the connection at once.
     *
     * @param address the peer's address
     * @return the wrapper
     */
    @Override
    public ProtocolWrapper buildProtocol(Address address) {
        if (connectionCount >= limits.maxConnectionCount()) {
            ProtocolWrapper refused = new ProtocolWrapper(this, new Refuser());
            refused.setFactory(this);
            return refused;
        }
        if (connectionCount == 0) {
            if (limits.readLimit() > 0) {
                checkReadBandwidth = clock.callLater(1, this::checkReadBandwidth);
            }
            if (limits.writeLimit() > 0) {
                checkWriteBandwidth = clock.callLater(1, this::checkWriteBandwidth);
            }
        }
        connectionCount++;
        return super.buildProtocol(address);
    }

    @Override
    protected ProtocolWrapper wrapProtocol(Protocol protocol) {
        return new ThrottlingProtocol(this, protocol);
    }

    @Override
    public void unregisterProtocol(ProtocolWrapper wrapper) {
        super.unregisterProtocol(wrapper);
        if (!(wrapper instanceof ThrottlingProtocol)) {
            return;
        }
        connectionCount--;
        if (connectionCount == 0) {
            for (DelayedCall c : new DelayedCall[] {checkReadBandwidth, checkWriteBandwidth, unthrottleReads,
                    unthrottleWrites}) {
                if (c != null && c.active()) {
                    c.cancel();
                }
            }
        }
    }

    /**
     * Counts bytes written by a connection (Twisted's {@code registerWritten}).
     *
     * @param length how many
     */
    public void registerWritten(long length) {
        writtenThisSecond += length;
    }

    /**
     * Counts bytes read by a connection (Twisted's {@code registerRead}).
     *
     * @param length how many
     */
    public void registerRead(long length) {
        readThisSecond += length;
    }

    private void checkReadBandwidth() {
        if (readThisSecond > limits.readLimit()) {
            forEach(ThrottlingProtocol::throttleReads);
            double throttleTime = (double) readThisSecond / limits.readLimit() - 1.0;
            unthrottleReads = clock.callLater(throttleTime, () -> forEach(ThrottlingProtocol::unthrottleReads));
        }
        readThisSecond = 0;
        checkReadBandwidth = clock.callLater(1, this::checkReadBandwidth);
    }

    private void checkWriteBandwidth() {
        if (writtenThisSecond > limits.writeLimit()) {
            forEach(ThrottlingProtocol::throttleWrites);
            double throttleTime = (double) writtenThisSecond / limits.writeLimit() - 1.0;
            unthrottleWrites = clock.callLater(throttleTime, () -> forEach(ThrottlingProtocol::unthrottleWrites));
        }
        writtenThisSecond = 0;
        checkWriteBandwidth = clock.callLater(1, this::checkWriteBandwidth);
    }

    private void forEach(java.util.function.Consumer<ThrottlingProtocol> action) {
        List<ProtocolWrapper> snapshot = new ArrayList<>(protocols());
        for (ProtocolWrapper p : snapshot) {
            if (p instanceof ThrottlingProtocol t) {
                action.accept(t);
            }
        }
    }

    /** Closes a connection beyond the limit as soon as it is made. */
    private static final class Refuser extends Protocol {
        @Override
        public void connectionMade() {
            transport().loseConnection();
        }
    }

    /**
     * Counts a connection's bytes for its {@link ThrottlingFactory} and pauses or resumes it when
     * told (Twisted's {@code ThrottlingProtocol}).
     *
     * <p>Threading: reactor thread only.
     */
    public static class ThrottlingProtocol extends ProtocolWrapper {
        private final ThrottlingFactory throttling;
        private Producer producer;

        /**
         * Creates the wrapper.
         *
         * @param factory the throttling factory
         * @param wrappedProtocol the protocol to wrap
         */
        public ThrottlingProtocol(ThrottlingFactory factory, Protocol wrappedProtocol) {
            super(factory, wrappedProtocol);
            this.throttling = factory;
        }

        @Override
        public void write(byte[] data) {
            throttling.registerWritten(data.length);
            super.write(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            long n = 0;
            for (byte[] b : data) {
                n += b.length;
            }
            throttling.registerWritten(n);
            super.writeSequence(data);
        }

        @Override
        public void dataReceived(byte[] data) {
            throttling.registerRead(data.length);
            super.dataReceived(data);
        }

        @Override
        public void registerProducer(Producer p, boolean streaming) {
            super.registerProducer(p, streaming);
            producer = p;
        }

        @Override
        public void unregisterProducer() {
            super.unregisterProducer();
            producer = null;
        }

        /** Stops reading from the connection until {@link #unthrottleReads()}. */
        public void throttleReads() {
            transport().pauseProducing();
        }

        /** Reads from the connection again. */
        public void unthrottleReads() {
            transport().resumeProducing();
        }

        /** Pauses the registered push producer, if any, until {@link #unthrottleWrites()}. */
        public void throttleWrites() {
            if (producer instanceof PushProducer p) {
                p.pauseProducing();
            }
        }

        /** Resumes the registered push producer, if any. */
        public void unthrottleWrites() {
            if (producer instanceof PushProducer p) {
                p.resumeProducing();
            }
        }
    }
}
