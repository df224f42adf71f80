package io.torsion.testing;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.NotConnectingError;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorTCP;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.UserError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Records the {@code listenTCP} and {@code connectTCP} calls made to it instead of opening sockets,
 * and lets a test complete a recorded connection into a {@link Loopback} (Twisted's
 * {@code twisted.internet.testing.MemoryReactor}).
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * Deferred<Protocol> d = new TCP4ClientEndpoint(reactor, "example.com", 80).connect(factory);
 * MemoryReactor.TcpClient call = reactor.tcpClients().get(0);
 * Loopback loop = call.completeWith(new EchoServer());   // d fires with the client protocol
 * }</pre>
 *
 * <p>Nothing happens on its own: {@code listenTCP} returns a port that records whether it was
 * stopped, and {@code connectTCP} calls {@code doStart} and {@code startedConnecting} and then
 * waits for the test to call {@link TcpClient#completeWith(Protocol)} or
 * {@link TcpClient#fail(Throwable)}. Unlike Twisted's, its connector's {@code stopConnecting}
 * fails the attempt with {@link UserError}, as the real reactor does.
 *
 * <p>Threading: not thread-safe; use it from the test's thread.
 */
public class MemoryReactor implements ReactorTCP {
    private final List<TcpServer> tcpServers = new ArrayList<>();
    private final List<TcpClient> tcpClients = new ArrayList<>();
    private int nextPort = 30000;

    /** Creates a reactor with nothing recorded. */
    public MemoryReactor() {
    }

    /**
     * Returns the {@code listenTCP} calls made so far, in order.
     *
     * @return an unmodifiable view
     */
    public List<TcpServer> tcpServers() {
        return Collections.unmodifiableList(tcpServers);
    }

    /**
     * Returns the {@code connectTCP} calls made so far, in order.
     *
     * @return an unmodifiable view
     */
    public List<TcpClient> tcpClients() {
        return Collections.unmodifiableList(tcpClients);
    }

    /**
     * Records the call and returns a port that accepts nothing by itself; port 0 is given a number
     * from 30000 upward. The factory's {@code doStart} runs.
     */
    @Override
    public ListeningPort listenTCP(int port, ServerFactory<?> factory, int backlog, String interfaceAddress) {
        Address.checkPort(port);
        Objects.requireNonNull(factory, "factory");
        int actual = port == 0 ? nextPort++ : port;
        String host = interfaceAddress.isEmpty() ? "0.0.0.0" : interfaceAddress;
        Address address = host.contains(":") ? IPv6Address.tcp(host, actual) : IPv4Address.tcp(host, actual);
        TcpServer server = new TcpServer(port, factory, backlog, interfaceAddress, address);
        tcpServers.add(server);
        factory.doStart();
        return server;
    }

    /** Records the call; the factory's {@code doStart} and {@code startedConnecting} run. */
    @Override
    public Connector connectTCP(String host, int port, ClientFactory<?> factory, double timeoutSeconds,
            Address bindAddress) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(factory, "factory");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        TcpClient client = new TcpClient(host, port, factory, timeoutSeconds, bindAddress);
        tcpClients.add(client);
        factory.doStart();
        factory.startedConnecting(client);
        return client;
    }

    /**
     * One recorded {@code listenTCP} call, which is also the port it returned.
     *
     * <p>Threading: not thread-safe; use it from the test's thread.
     */
    public static final class TcpServer implements ListeningPort {
        private final int port;
        private final ServerFactory<?> factory;
        private final int backlog;
        private final String interfaceAddress;
        private final Address host;
        private Deferred<Void> stopped;

        TcpServer(int port, ServerFactory<?> factory, int backlog, String interfaceAddress, Address host) {
            this.port = port;
            this.factory = factory;
            this.backlog = backlog;
            this.interfaceAddress = interfaceAddress;
            this.host = host;
        }

        /**
         * Returns the port asked for.
         *
         * @return the port as given, 0 meaning any
         */
        public int port() {
            return port;
        }

        /**
         * Returns the factory given.
         *
         * @return the factory
         */
        public ServerFactory<?> factory() {
            return factory;
        }

        /**
         * Returns the backlog given.
         *
         * @return the backlog
         */
        public int backlog() {
            return backlog;
        }

        /**
         * Returns the interface given.
         *
         * @return the interface, {@code ""} for all IPv4 interfaces
         */
        public String interfaceAddress() {
            return interfaceAddress;
        }

        /**
         * Tells whether {@link #stopListening()} was called.
         *
         * @return true once stopped
         */
        public boolean isStopped() {
            return stopped != null;
        }

        /**
         * Accepts a connection from {@code clientProtocol}: builds a server protocol with the
         * factory and joins the two in a {@link Loopback}.
         *
         * @param clientProtocol the other end
         * @return the pump joining them
         * @throws IllegalStateException if the port was stopped
         */
        public Loopback accept(Protocol clientProtocol) {
            if (stopped != null) {
                throw new IllegalStateException("the port stopped listening");
            }
            Protocol server = factory.buildProtocol(Loopback.CLIENT_ADDRESS);
            return Loopback.connect(clientProtocol, server);
        }

        /** Marks the port stopped and runs the factory's {@code doStop} (once). */
        @Override
        public Deferred<Void> stopListening() {
            if (stopped == null) {
                stopped = Deferred.succeed(null);
                factory.doStop();
            }
            return stopped;
        }

        @Override
        public Address getHost() {
            return host;
        }
    }

    /**
     * One recorded {@code connectTCP} call, which is also the connector it returned.
     *
     * <p>Lifecycle: connecting, then connected ({@link #completeWith}) or failed ({@link #fail},
     * {@link #stopConnecting()}); {@link #disconnect()} while connected loses the loopback
     * connection.
     *
     * <p>Threading: not thread-safe; use it from the test's thread.
     */
    public static final class TcpClient implements Connector {
        /**
         * Where the attempt stands.
         *
         * <p>Threading: immutable.
         */
        public enum State {
            /** Waiting for the test. */
            CONNECTING,
            /** Completed into a loopback. */
            CONNECTED,
            /** Failed or stopped. */
            FAILED
        }

        private final String host;
        private final int port;
        private final ClientFactory<?> factory;
        private final double timeoutSeconds;
        private final Address bindAddress;
        private State state = State.CONNECTING;
        private Loopback loopback;

        TcpClient(String host, int port, ClientFactory<?> factory, double timeoutSeconds, Address bindAddress) {
            this.host = host;
            this.port = port;
            this.factory = factory;
            this.timeoutSeconds = timeoutSeconds;
            this.bindAddress = bindAddress;
        }

        /**
         * Returns the host given.
         *
         * @return the host
         */
        public String host() {
            return host;
        }

        /**
         * Returns the port given.
         *
         * @return the port
         */
        public int port() {
            return port;
        }

        /**
         * Returns the factory given.
         *
         * @return the factory
         */
        public ClientFactory<?> factory() {
            return factory;
        }

        /**
         * Returns the timeout given.
         *
         * @return seconds, 0 for none
         */
        public double timeoutSeconds() {
            return timeoutSeconds;
        }

        /**
         * Returns the bind address given.
         *
         * @return the address, or null
         */
        public Address bindAddress() {
            return bindAddress;
        }

        /**
         * Returns where the attempt stands.
         *
         * @return the state
         */
        public State state() {
            return state;
        }

        /**
         * Completes the attempt: builds the client protocol with the factory and joins it to
         * {@code serverProtocol} in a {@link Loopback}.
         *
         * @param serverProtocol the other end
         * @return the pump joining them
         * @throws IllegalStateException unless the attempt is connecting
         */
        public Loopback completeWith(Protocol serverProtocol) {
            expect(State.CONNECTING);
            state = State.CONNECTED;
            Protocol client = factory.buildProtocol(getDestination());
            loopback = Loopback.connect(client, serverProtocol);
            return loopback;
        }

        /**
         * Fails the attempt: the factory's {@code clientConnectionFailed} runs with {@code reason},
         * then its {@code doStop}.
         *
         * @param reason why, usually a {@link io.torsion.internet.ConnectError}
         * @throws IllegalStateException unless the attempt is connecting
         */
        public void fail(Throwable reason) {
            expect(State.CONNECTING);
            state = State.FAILED;
            factory.clientConnectionFailed(this, new Failure(reason));
            factory.doStop();
        }

        private void expect(State expected) {
            if (state != expected) {
                throw new IllegalStateException("expected the attempt to be " + expected + " but it is " + state);
            }
        }

        /** Not supported: record a new {@code connectTCP} call instead. */
        @Override
        public void connect() {
            throw new UnsupportedOperationException("MemoryReactor connectors cannot reconnect");
        }

        /** Fails the attempt with {@link UserError}, as the real reactor does. */
        @Override
        public void stopConnecting() {
            if (state != State.CONNECTING) {
                throw new NotConnectingError("not connecting: " + state);
            }
            fail(new UserError("connection attempt stopped by the user"));
        }

        /** Stops the attempt, or aborts the loopback connection. */
        @Override
        public void disconnect() {
            if (state == State.CONNECTING) {
                stopConnecting();
            } else if (state == State.CONNECTED) {
                loopback.clientTransport().loseConnection();
                loopback.flush();
            }
        }

        @Override
        public Address getDestination() {
            return host.contains(":") ? IPv6Address.tcp(host, port) : IPv4Address.tcp(host, port);
        }
    }
}
