package io.torsion.internet.internal;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.BadFileError;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.ConnectBindError;
import io.torsion.internet.ConnectError;
import io.torsion.internet.ConnectTimeoutError;
import io.torsion.internet.ConnectionRefusedError;
import io.torsion.internet.Connector;
import io.torsion.internet.DNSLookupError;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.HostnameAddress;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.NoRouteError;
import io.torsion.internet.NotConnectingError;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorThreadCheck;
import io.torsion.internet.UNIXAddress;
import io.torsion.internet.UserError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes TCP or Unix domain socket connections to one destination for one {@link ClientFactory},
 * and can make them again (Twisted's {@code tcp.Connector} with {@code BaseClient}, and
 * {@code unix.Connector}).
 *
 * <p>Lifecycle, enforced by {@link State}: {@code DISCONNECTED} → {@link #connect()} →
 * {@code CONNECTING} (the factory's {@code doStart}, once, then {@code startedConnecting}; from the
 * next turn: name lookup in the thread pool when the host is not a literal, then a non-blocking
 * connect) → {@code CONNECTED} (the connection's protocol runs) or back to {@code DISCONNECTED}
 * with {@code clientConnectionFailed}; a lost connection goes back to {@code DISCONNECTED} with
 * {@code clientConnectionLost}. When a hook leaves the connector disconnected (it did not call
 * {@code connect()} again), the factory's {@code doStop} runs.
 *
 * <p>Threading: reactor thread only; public methods assert it.
 */
public final class TcpConnector implements Connector {
    private enum State { DISCONNECTED, CONNECTING, CONNECTED }

    private final TcpContext ctx;
    private final String host;
    private final int port;
    private final ClientFactory<?> factory;
    private final double timeoutSeconds;
    private final InetSocketAddress bindAddress;
    private final Address destination;
    private final UnixDomainSocketAddress unixTarget;
    private final boolean checkPID;
    private State state = State.DISCONNECTED;
    private boolean factoryStarted;
    private Attempt attempt;
    private TcpConnection connection;

    /**
     * Creates a connector; nothing happens until {@link #connect()}.
     *
     * @param ctx the reactor's TCP context
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @param factory the factory
     * @param timeoutSeconds the bound on each attempt, 0 for none
     * @param bindAddress the local address, or null
     * @throws IllegalArgumentException if an argument is out of range
     */
    public TcpConnector(TcpContext ctx, String host, int port, ClientFactory<?> factory, double timeoutSeconds,
            Address bindAddress) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.host = Objects.requireNonNull(host, "host");
        this.factory = Objects.requireNonNull(factory, "factory");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        if (!(timeoutSeconds >= 0) || Double.isInfinite(timeoutSeconds)) {
            throw new IllegalArgumentException("timeout must be a finite number of seconds >= 0, got " + timeoutSeconds);
        }
        this.port = port;
        this.timeoutSeconds = timeoutSeconds;
        this.bindAddress = bindAddress == null ? null : InetAddresses.toSocketAddress(bindAddress);
        Optional<InetAddress> literal = InetAddresses.parseLiteral(host);
        this.destination = literal.isEmpty() ? new HostnameAddress(host, port)
                : literal.get() instanceof Inet6Address ? IPv6Address.tcp(host, port) : IPv4Address.tcp(host, port);
        this.unixTarget = null;
        this.checkPID = false;
    }

    private TcpConnector(TcpContext ctx, String path, ClientFactory<?> factory, double timeoutSeconds,
            boolean checkPID) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.host = Objects.requireNonNull(path, "path");
        this.factory = Objects.requireNonNull(factory, "factory");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a Unix socket needs a path");
        }
        if (!(timeoutSeconds >= 0) || Double.isInfinite(timeoutSeconds)) {
            throw new IllegalArgumentException("timeout must be a finite number of seconds >= 0, got " + timeoutSeconds);
        }
        this.port = 0;
        this.timeoutSeconds = timeoutSeconds;
        this.bindAddress = null;
        this.destination = new UNIXAddress(path);
        this.unixTarget = UnixDomainSocketAddress.of(path);
        this.checkPID = checkPID;
    }

    /**
     * Creates a connector to the Unix domain socket at {@code path}; nothing happens until
     * {@link #connect()}. Failures reach the factory as for TCP; a system without Unix domain
     * sockets gives a {@link ConnectError}.
     *
     * @param ctx the reactor's context
     * @param path the socket file
     * @param factory the factory
     * @param timeoutSeconds the bound on each attempt, 0 for none
     * @param checkPID whether each attempt first checks that a live process holds the lock
     *     {@code path + ".lock"}, failing with {@link BadFileError} if none does
     * @return the connector
     * @throws IllegalArgumentException if the path is empty or not a valid path, or the timeout is
     *     negative or not a number
     */
    public static TcpConnector unix(TcpContext ctx, String path, ClientFactory<?> factory, double timeoutSeconds,
            boolean checkPID) {
        return new TcpConnector(ctx, path, factory, timeoutSeconds, checkPID);
    }

    @Override
    public void connect() {
        assert ReactorThreadCheck.check(ctx.reactor(), "connect");
        if (state != State.DISCONNECTED) {
            throw new IllegalStateException("can't connect in state " + state + ": " + this);
        }
        state = State.CONNECTING;
        if (!factoryStarted) {
            factory.doStart();
            factoryStarted = true;
        }
        attempt = new Attempt();
        factory.startedConnecting(this);
    }

    @Override
    public void stopConnecting() {
        assert ReactorThreadCheck.check(ctx.reactor(), "stopConnecting");
        if (state != State.CONNECTING) {
            throw new NotConnectingError("we're not trying to connect: " + this + " is " + state);
        }
        attempt.fail(new UserError("User aborted connection."));
    }

    @Override
    public void disconnect() {
        assert ReactorThreadCheck.check(ctx.reactor(), "disconnect");
        if (state == State.CONNECTING) {
            stopConnecting();
        } else if (state == State.CONNECTED) {
            connection.loseConnection();
        }
    }

    @Override
    public Address getDestination() {
        return destination;
    }

    private void connectionFailed(Failure reason) {
        state = State.DISCONNECTED;
        attempt = null;
        try {
            factory.clientConnectionFailed(this, reason);
        } finally {
            stopFactoryIfIdle();
        }
    }

    private void connectionLost(TcpConnection lost, Failure reason) {
        state = State.DISCONNECTED;
        connection = null;
        try {
            factory.clientConnectionLost(this, reason);
        } finally {
            stopFactoryIfIdle();
        }
    }

    private void stopFactoryIfIdle() {
        if (state == State.DISCONNECTED && factoryStarted) {
            factoryStarted = false;
            factory.doStop();
        }
    }

    static ConnectError connectError(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof NoRouteToHostException) {
            return new NoRouteError("No route to host: " + message, e);
        }
        if (e instanceof ConnectException && message.contains("refused")) {
            return new ConnectionRefusedError("Connection was refused by other side: " + message, e);
        }
        return new ConnectError("An error occurred while connecting: " + message, e);
    }

    @Override
    public String toString() {
        return "<TcpConnector to " + (unixTarget != null ? host : host + ":" + port) + " " + state + ">";
    }

    /** One connection attempt: lookup, connect, and its timeout; it ends once. */
    private final class Attempt implements ChannelHandler, TcpResource {
        private final DelayedCall startCall;
        private final DelayedCall timeoutCall;
        private SocketChannel channel;
        private SelectionKey key;
        private boolean done;

        Attempt() {
            ctx.remember(this);
            // As Twisted, the attempt starts in a later turn: a failure never reaches the factory
            // from inside connect().
            startCall = ctx.loop().callLater(0, this::begin);
            timeoutCall = timeoutSeconds > 0 ? ctx.loop().callLater(timeoutSeconds,
                    () -> fail(new ConnectTimeoutError("User timeout caused connection failure."))) : null;
        }

        private void begin() {
            if (unixTarget != null) {
                connectToUnix();
                return;
            }
            Optional<InetAddress> literal = InetAddresses.parseLiteral(host);
            if (literal.isPresent()) {
                connectTo(literal.get());
                return;
            }
            ctx.reactor().deferToThread(() -> InetAddress.getAllByName(host)).addCallbacks(addresses -> {
                if (!done) {
                    connectTo(pick(addresses));
                }
                return null;
            }, failure -> {
                fail(new DNSLookupError("DNS lookup failed: address '" + host + "' not found: "
                        + failure.getErrorMessage(), failure.value()));
                return null;
            });
        }

        private InetAddress pick(InetAddress[] addresses) {
            return Arrays.stream(addresses).filter(InetAddresses::isIPv4).findFirst().orElse(addresses[0]);
        }

        private void connectToUnix() {
            if (checkPID && !lockHeld()) {
                return;
            }
            try {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            } catch (IOException | UnsupportedOperationException e) {
                fail(new ConnectError("Could not open a Unix domain socket: " + e.getMessage(), e));
                return;
            }
            finishOpening(unixTarget);
        }

        /** True if a live process holds the server's lock; otherwise fails the attempt. */
        private boolean lockHeld() {
            try {
                if (FilesystemLock.isLocked(Path.of(host + ".lock"))) {
                    return true;
                }
                fail(new BadFileError("File used for UNIX socket is no good: no live process holds "
                        + host + ".lock"));
            } catch (IOException e) {
                fail(new BadFileError("File used for UNIX socket is no good: cannot read " + host + ".lock: "
                        + e.getMessage()));
            }
            return false;
        }

        private void connectTo(InetAddress ip) {
            try {
                channel = SocketChannel.open(ip instanceof Inet6Address ? StandardProtocolFamily.INET6
                        : StandardProtocolFamily.INET);
            } catch (IOException e) {
                fail(new ConnectError("Could not open a socket: " + e.getMessage(), e));
                return;
            }
            if (bindAddress != null) {
                try {
                    channel.bind(bindAddress);
                } catch (IOException e) {
                    fail(new ConnectBindError("Couldn't bind to " + bindAddress + ": " + e.getMessage(), e));
                    return;
                }
            }
            finishOpening(new InetSocketAddress(ip, port));
        }

        private void finishOpening(SocketAddress target) {
            try {
                channel.configureBlocking(false);
                if (channel.connect(target)) {
                    connectedAtOnce();
                } else {
                    key = ctx.loop().register(channel, SelectionKey.OP_CONNECT, this);
                }
            } catch (IOException e) {
                fail(connectError(e));
            }
        }

        @Override
        public void channelReady(SelectionKey k) throws Exception {
            boolean finished;
            try {
                finished = channel.finishConnect();
            } catch (IOException e) {
                fail(connectError(e));
                return;
            }
            if (finished) {
                connected();
            }
        }

        @Override
        public void channelFailed(SelectionKey k, Throwable error) {
            // buildProtocol or makeConnection threw before the connection had a protocol.
            fail(error);
        }

        private void connectedAtOnce() {
            try {
                connected();
            } catch (Throwable t) {
                // As channelFailed: buildProtocol threw before the connection had a protocol.
                ctx.logError("connecting", TcpConnector.this, t);
                fail(t);
            }
        }

        private void connected() throws IOException {
            if (key != null) {
                key.interestOps(0);
            }
            TcpConnection c = new TcpConnection(ctx, channel, TcpConnector.this::connectionLost);
            Protocol p = factory.buildProtocol(c.getPeer());
            end();
            state = State.CONNECTED;
            attempt = null;
            connection = c;
            c.start(p);
        }

        /** Stops the timers and forgets the attempt; true if it was still running. */
        private boolean end() {
            if (done) {
                return false;
            }
            done = true;
            cancel(startCall);
            cancel(timeoutCall);
            ctx.forget(this);
            return true;
        }

        private void cancel(DelayedCall call) {
            if (call != null && call.active()) {
                call.cancel();
            }
        }

        void fail(Throwable error) {
            if (!end()) {
                return;
            }
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    error.addSuppressed(e);
                }
            }
            connectionFailed(new Failure(error));
        }

        @Override
        public void closeForShutdown() {
            fail(new ConnectError("The reactor shut down before the connection was made."));
        }

        @Override
        public String toString() {
            return "<connection attempt of " + TcpConnector.this + ">";
        }
    }
}
