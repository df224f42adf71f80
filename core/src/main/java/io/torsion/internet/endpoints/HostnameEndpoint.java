package io.torsion.internet.endpoints;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.DNSLookupError;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;
import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorTCP;
import io.torsion.internet.ReactorThreads;
import io.torsion.internet.ReactorTime;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Connects to a host name by trying its addresses as RFC 8305 ("Happy Eyeballs v2") says
 * (Twisted's {@code HostnameEndpoint}).
 *
 * <p>What {@link #connect} does:
 * <ol>
 *   <li>resolves the name off the reactor thread (by default with
 *       {@link InetAddress#getAllByName} in the reactor's thread pool); a literal address is used
 *       as it is;</li>
 *   <li>orders the addresses by interleaving the families, starting with the family of the first
 *       address the resolver returned (RFC 8305 section 4);</li>
 *   <li>starts a connection attempt to the first address, and to each next one when the
 *       previous attempt fails or {@link #CONNECTION_ATTEMPT_DELAY_SECONDS} after the previous
 *       attempt started, whichever is first (section 5);</li>
 *   <li>the first attempt to connect wins: the user's factory builds its protocol, and every
 *       other attempt still in progress is stopped and no further one starts;</li>
 *   <li>if every attempt fails, the result fails with the last attempt's error.</li>
 * </ol>
 * Unlike Twisted's (0.3 s), the delay is RFC 8305's recommended 250 ms.
 *
 * <p>Threading: immutable; {@link #connect} is reactor thread only.
 */
public class HostnameEndpoint implements ClientEndpoint {
    /** RFC 8305's recommended "Connection Attempt Delay". */
    public static final double CONNECTION_ATTEMPT_DELAY_SECONDS = 0.25;

    /**
     * Resolves a host name to its addresses without blocking the reactor thread.
     *
     * <p>Threading: called on the reactor thread; the Deferred must fire there.
     */
    @FunctionalInterface
    public interface Resolver {
        /**
         * Looks up {@code host}.
         *
         * @param host the name
         * @return fires with the addresses in the resolver's order; fails if the name cannot be
         *     resolved
         */
        Deferred<List<InetAddress>> resolve(String host);

        /**
         * Returns the resolver that calls {@link InetAddress#getAllByName} in {@code threads}'s pool.
         *
         * @param threads the reactor whose thread pool runs the lookup
         * @return the resolver
         */
        static Resolver threaded(ReactorThreads threads) {
            return host -> threads.deferToThread(() -> Arrays.asList(InetAddress.getAllByName(host)));
        }
    }

    private final ReactorTime clock;
    private final ReactorTCP tcp;
    private final Resolver resolver;
    private final String host;
    private final int port;
    private final double timeoutSeconds;

    /**
     * Creates an endpoint that resolves with the reactor's thread pool and the default timeout.
     *
     * @param reactor the reactor
     * @param host the host name or literal address
     * @param port the port, 1..65535
     * @throws IllegalArgumentException if the port is out of range
     */
    public HostnameEndpoint(Reactor reactor, String host, int port) {
        this(reactor, reactor, Resolver.threaded(reactor), host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT_SECONDS);
    }

    /**
     * Creates an endpoint from its parts; tests pass a {@code Clock}, a fake resolver and a
     * {@code MemoryReactor}.
     *
     * @param clock schedules the attempt delay
     * @param tcp makes each attempt
     * @param resolver looks the name up
     * @param host the host name or literal address
     * @param port the port, 1..65535
     * @param timeoutSeconds how long each attempt may take, 0 for no limit
     * @throws IllegalArgumentException if the port or timeout is out of range
     */
    public HostnameEndpoint(ReactorTime clock, ReactorTCP tcp, Resolver resolver, String host, int port,
            double timeoutSeconds) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tcp = Objects.requireNonNull(tcp, "tcp");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        if (!(timeoutSeconds >= 0)) {
            throw new IllegalArgumentException("timeout must be at least 0, got " + timeoutSeconds);
        }
        this.port = port;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Fails with {@link DNSLookupError} if the name does not resolve or has no address, and
     * otherwise with the last attempt's error. Cancelling stops the lookup's use and every attempt.
     */
    @Override
    public <P extends Protocol> Deferred<P> connect(Factory<P> factory) {
        Objects.requireNonNull(factory, "factory");
        Attempts<P> attempts = new Attempts<>(factory);
        attempts.start();
        return attempts.result;
    }

    /**
     * Orders addresses as RFC 8305 section 4 says: alternate the families, starting with the
     * family of the first address, keeping the resolver's order within each family.
     *
     * @param addresses the resolver's answer
     * @return the order to try them in
     */
    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        Deque<InetAddress> v6 = new ArrayDeque<>();
        Deque<InetAddress> v4 = new ArrayDeque<>();
        for (InetAddress a : addresses) {
            (a instanceof Inet6Address ? v6 : v4).add(a);
        }
        List<InetAddress> ordered = new ArrayList<>(addresses.size());
        boolean six = !addresses.isEmpty() && addresses.get(0) instanceof Inet6Address;
        while (!v6.isEmpty() || !v4.isEmpty()) {
            Deque<InetAddress> from = six ? v6 : v4;
            if (from.isEmpty()) {
                from = six ? v4 : v6;
            }
            ordered.add(from.poll());
            six = !six;
        }
        return ordered;
    }

    @Override
    public String toString() {
        return "HostnameEndpoint(" + host + ":" + port + ")";
    }

    /** Where one connect call stands; the last three are final. */
    private enum State { RESOLVING, ATTEMPTING, CONNECTED, FAILED, CANCELLED }

    /** The state of one connect call. */
    private final class Attempts<P extends Protocol> {
        private final Factory<P> factory;
        final Deferred<P> result;
        private List<InetAddress> order = List.of();
        private int next;
        private final List<AttemptFactory> pending = new ArrayList<>();
        private DelayedCall timer;
        private State state = State.RESOLVING;
        private Failure lastFailure;
        private Deferred<List<InetAddress>> resolving;

        Attempts(Factory<P> factory) {
            this.factory = factory;
            this.result = new Deferred<>(d -> cancel());
        }

        private boolean done() {
            return state == State.CONNECTED || state == State.FAILED || state == State.CANCELLED;
        }

        void start() {
            if (isLiteral(host)) {
                resolved(List.of(literal(host)));
                return;
            }
            resolving = resolver.resolve(host);
            resolving.addCallbacks(addresses -> {
                resolving = null;
                if (!done()) {
                    resolved(addresses);
                }
                return null;
            }, failure -> {
                resolving = null;
                if (!done() && !failure.check(CancelledError.class)) {
                    fail(new Failure(new DNSLookupError("could not resolve " + host + ": "
                            + failure.getErrorMessage(), failure.value())));
                }
                return null;
            });
        }

        private void resolved(List<InetAddress> addresses) {
            if (addresses.isEmpty()) {
                fail(new Failure(new DNSLookupError("no address for " + host)));
                return;
            }
            order = interleave(addresses);
            state = State.ATTEMPTING;
            startNext();
        }

        private void startNext() {
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            timer = null;
            if (done()) {
                return;
            }
            if (next >= order.size()) {
                if (pending.isEmpty()) {
                    fail(lastFailure);
                }
                return;
            }
            InetAddress address = order.get(next++);
            AttemptFactory attempt = new AttemptFactory();
            pending.add(attempt);
            if (next < order.size()) {
                timer = clock.callLater(CONNECTION_ATTEMPT_DELAY_SECONDS, this::startNext);
            }
            tcp.connectTCP(address.getHostAddress(), port, attempt, timeoutSeconds, null);
        }

        private void fail(Failure reason) {
            state = State.FAILED;
            stopAll();
            result.errback(reason);
        }

        private void cancel() {
            if (done()) {
                return;
            }
            state = State.CANCELLED;
            result.errback(new CancelledError("connecting to " + host + ":" + port + " was cancelled"));
            if (resolving != null) {
                resolving.cancel();
            }
            stopAll();
        }

        private void stopAll() {
            if (timer != null && timer.active()) {
                timer.cancel();
            }
            timer = null;
            List<AttemptFactory> others = new ArrayList<>(pending);
            pending.clear();
            for (AttemptFactory other : others) {
                if (other.connector != null && other.connecting) {
                    other.connector.stopConnecting();
                }
            }
        }

        /** The client factory of one attempt. */
        private final class AttemptFactory extends ClientFactory<Protocol> {
            Connector connector;
            boolean connecting = true;
            private boolean winner;

            @Override
            public void startedConnecting(Connector c) {
                connector = c;
            }

            @Override
            public Protocol buildProtocol(Address address) {
                connecting = false;
                if (done()) {
                    return new EndpointWrapping.Closer();
                }
                state = State.CONNECTED;
                winner = true;
                pending.remove(this);
                stopAll();
                factory.doStart();
                return EndpointWrapping.wrap(factory, address, result);
            }

            @Override
            public void clientConnectionFailed(Connector c, Failure reason) {
                connecting = false;
                pending.remove(this);
                if (!done()) {
                    lastFailure = reason;
                    startNext();
                }
            }

            @Override
            public void stopFactory() {
                if (winner) {
                    factory.doStop();
                }
            }
        }
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static InetAddress literal(String host) {
        try {
            // A literal address is parsed, never looked up, so this does not block.
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not a literal address: " + host, e);
        }
    }
}
