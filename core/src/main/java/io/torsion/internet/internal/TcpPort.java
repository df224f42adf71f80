package io.torsion.internet.internal;

import io.torsion.defer.Deferred;
import io.torsion.internet.Address;
import io.torsion.internet.CannotListenError;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorThreadCheck;
import io.torsion.internet.ServerFactory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A listening TCP or Unix domain socket that accepts connections and gives each a protocol from its
 * factory (Twisted's {@code tcp.Port} and {@code unix.Port}). A Unix port removes its socket file
 * when it stops listening.
 *
 * <p>Lifecycle, enforced by {@link PortLifecycle}: {@code LISTENING} (the factory's
 * {@code doStart} has run) → {@code STOPPING} ({@link #stopListening()} closed the channel; at the
 * end of the turn after the next select, when the kernel has released the socket, the factory's
 * {@code doStop} runs and the Deferreds fire) → {@code STOPPED}.
 *
 * <p>Each selector pass accepts at most {@link #ACCEPTS_PER_PASS} connections, so that a flood of
 * connections cannot starve the ones already open.
 *
 * <p>Threading: reactor thread only; public methods assert it.
 */
public final class TcpPort implements ListeningPort, ChannelHandler, TcpResource {
    /** How many connections one selector pass accepts at most. */
    public static final int ACCEPTS_PER_PASS = 64;

    private final TcpContext ctx;
    private final ServerSocketChannel channel;
    private final ServerFactory<?> factory;
    private final Address host;
    private final Path socketFile;
    private final FilesystemLock lock;
    // Null for an ordinary port; for a reactor group's acceptor, where each accepted channel goes.
    private Consumer<SocketChannel> handOff;
    private SelectionKey key;
    private final PortLifecycle lifecycle;

    private TcpPort(TcpContext ctx, ServerSocketChannel channel, ServerFactory<?> factory, Path socketFile,
            FilesystemLock lock) throws IOException {
        this.ctx = ctx;
        this.lifecycle = new PortLifecycle(ctx.loop(), this::closeSocket, this::afterStop);
        this.channel = channel;
        this.factory = factory;
        this.socketFile = socketFile;
        this.lock = lock;
        this.host = InetAddresses.toAddress(channel.getLocalAddress());
    }

    /**
     * Opens, binds and registers a listening socket, then starts the factory.
     *
     * @param ctx the reactor's TCP context
     * @param port the port, 0 for any free one
     * @param factory the protocols' factory
     * @param backlog the listen backlog
     * @param interfaceAddress a literal address, or {@code ""} for every IPv4 interface
     * @return the listening port
     * @throws CannotListenError if the socket cannot be opened or bound
     * @throws IllegalArgumentException if an argument is out of range or not a literal address
     */
    public static TcpPort listen(TcpContext ctx, int port, ServerFactory<?> factory, int backlog,
            String interfaceAddress) {
        return listen(ctx, port, factory, backlog, interfaceAddress, null);
    }

    /**
     * Opens, binds and registers a listening socket that accepts connections but does not serve
     * them: each accepted channel goes to {@code handOff} (on this reactor's thread), which must
     * give it to {@link #serve(TcpContext, SocketChannel, ServerFactory, Object)} on some reactor's
     * thread or close it. The port starts and stops {@code factory} as an ordinary port does.
     *
     * @param ctx the accepting reactor's TCP context
     * @param port the port, 0 for any free one
     * @param factory the factory whose {@code doStart} and {@code doStop} this port calls
     * @param backlog the listen backlog
     * @param interfaceAddress a literal address, or {@code ""} for every IPv4 interface
     * @param handOff takes each accepted, still blocking channel
     * @return the listening port
     * @throws CannotListenError if the socket cannot be opened or bound
     * @throws IllegalArgumentException if an argument is out of range or not a literal address
     */
    public static TcpPort listenHandingOff(TcpContext ctx, int port, ServerFactory<?> factory, int backlog,
            String interfaceAddress, Consumer<SocketChannel> handOff) {
        return listen(ctx, port, factory, backlog, interfaceAddress, Objects.requireNonNull(handOff, "handOff"));
    }

    private static TcpPort listen(TcpContext ctx, int port, ServerFactory<?> factory, int backlog,
            String interfaceAddress, Consumer<SocketChannel> handOff) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        Address.checkPort(port);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        InetAddress ip = interfaceAddress.isEmpty() ? InetAddresses.anyIPv4()
                : InetAddresses.parseLiteral(interfaceAddress).orElseThrow(() -> new IllegalArgumentException(
                        "the interface must be a literal IP address or \"\", got " + interfaceAddress));
        ServerSocketChannel ch = null;
        TcpPort p;
        try {
            ch = ServerSocketChannel.open(ip instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Twisted on POSIX
            ch.bind(new InetSocketAddress(ip, port), backlog);
            p = new TcpPort(ctx, ch, factory, null, null);
            p.handOff = handOff;
            p.key = ctx.loop().register(ch, SelectionKey.OP_ACCEPT, p);
        } catch (IOException e) {
            closeQuietly(ch, e);
            throw new CannotListenError(interfaceAddress, port, e);
        }
        ctx.remember(p);
        factory.doStart();
        return p;
    }

    /**
     * Opens, binds and registers a listening Unix domain socket at {@code path}, sets the file's
     * permissions to {@code mode}, then starts the factory. Without {@code wantPID}, an existing
     * file at {@code path} (even a stale socket left by a dead process) makes the bind fail, as in
     * Twisted. With it, the lock {@code path + ".lock"} is taken first: held by a live process, it
     * makes listening fail; left by a dead one, it is broken and the stale socket file removed.
     *
     * @param ctx the reactor's context
     * @param path the socket file to create
     * @param factory the protocols' factory
     * @param backlog the listen backlog
     * @param mode the socket file's permission bits, such as {@code 0666}
     * @param wantPID whether to hold the lock file while listening
     * @return the listening port
     * @throws CannotListenError if the lock is held, or the socket cannot be opened or bound, or the
     *     system lacks Unix domain sockets
     * @throws IllegalArgumentException if the path is empty, the backlog below 1 or the mode outside
     *     0..0777
     */
    public static TcpPort listenUnix(TcpContext ctx, String path, ServerFactory<?> factory, int backlog, int mode,
            boolean wantPID) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a Unix socket needs a path");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("mode must be permission bits in 0..0777, got 0" + Integer.toOctalString(mode));
        }
        Path file = Path.of(path);
        FilesystemLock lock = wantPID ? takeLock(path, file) : null;
        ServerSocketChannel ch = null;
        TcpPort p;
        boolean bound = false;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(file), backlog);
            bound = true;
            setMode(file, mode);
            p = new TcpPort(ctx, ch, factory, file, lock);
            p.key = ctx.loop().register(ch, SelectionKey.OP_ACCEPT, p);
        } catch (IOException | UnsupportedOperationException e) {
            IOException cause = e instanceof IOException io ? io
                    : new IOException("this system has no Unix domain sockets", e);
            closeQuietly(ch, cause);
            if (bound) {
                deleteQuietly(file, cause);
            }
            if (lock != null) {
                try {
                    lock.unlock();
                } catch (IOException unlockError) {
                    cause.addSuppressed(unlockError);
                }
            }
            throw new CannotListenError(path, cause);
        }
        ctx.remember(p);
        factory.doStart();
        return p;
    }

    private static FilesystemLock takeLock(String path, Path file) {
        FilesystemLock lock = new FilesystemLock(Path.of(path + ".lock"));
        try {
            if (!lock.lock()) {
                throw new CannotListenError(path, new IOException("Cannot acquire lock " + path + ".lock: a live process holds it"));
            }
            if (!lock.clean() && Files.exists(file) && Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).isOther()) {
                // As Twisted: the lock's holder died, so the socket it left behind is stale.
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new CannotListenError(path, e);
        }
        return lock;
    }

    private static void setMode(Path file, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                perms.add(bits[i]);
            }
        }
        Files.setPosixFilePermissions(file, perms);
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(ServerSocketChannel ch, IOException cause) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public void channelReady(SelectionKey k) {
        for (int i = 0; i < ACCEPTS_PER_PASS && lifecycle.isListening(); i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                // For example out of file descriptors: the connection stays queued; try next pass.
                ctx.logError("accept of", this, e);
                return;
            }
            if (accepted == null) {
                return;
            }
            if (handOff != null) {
                ctx.loop().runHandler(this, () -> handOff.accept(accepted));
            } else {
                ctx.loop().runHandler(this, () -> serve(ctx, accepted, factory, this));
            }
        }
    }

    /**
     * Serves an accepted channel on the reactor of {@code ctx}: wraps it in a connection, asks
     * {@code factory} for a protocol and starts it; a null protocol or a failure closes the channel.
     * It is what an ordinary port does with each connection, and what a reactor group's reactor
     * does with a channel handed to it. Call it on that reactor's thread.
     *
     * @param ctx the serving reactor's TCP context
     * @param accepted the accepted channel
     * @param factory builds the protocol
     * @param who names the port in logged errors
     * @throws RuntimeException what {@code buildProtocol} threw, after the channel was closed
     */
    public static void serve(TcpContext ctx, SocketChannel accepted, ServerFactory<?> factory, Object who) {
        TcpConnection connection;
        try {
            connection = new TcpConnection(ctx, accepted, (c, reason) -> { });
        } catch (IOException gone) {
            ctx.logError("a connection accepted by", who, gone);
            closeQuietly(accepted);
            return;
        }
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(connection.getPeer());
        } catch (RuntimeException e) {
            connection.discard();
            throw e; // logged by runHandler; the port goes on
        }
        if (protocol == null) {
            connection.discard(); // as Twisted: a factory may refuse a connection by returning null
            return;
        }
        try {
            connection.start(protocol);
        } catch (IOException e) {
            connection.discard();
            ctx.logError("registering a connection of", who, e);
        }
    }

    /**
     * Closes a channel that will not be served, logging (at DEBUG) a failure to close it.
     *
     * @param ch the channel
     */
    public static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            System.getLogger(TcpPort.class.getName()).log(System.Logger.Level.DEBUG, "closing " + ch, e);
        }
    }

    @Override
    public Deferred<Void> stopListening() {
        assert ReactorThreadCheck.check(ctx.reactor(), "stopListening");
        return lifecycle.stopListening();
    }

    @Override
    public void closeForShutdown() {
        lifecycle.closeForShutdown();
    }

    private void closeSocket() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            ctx.logError("closing", this, e);
        }
        if (socketFile != null) {
            // As Twisted's unix.Port: the file goes with the socket, so the path can be reused.
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                ctx.logError("removing the socket file of", this, e);
            }
        }
        if (lock != null) {
            try {
                lock.unlock();
            } catch (IOException e) {
                ctx.logError("removing the lock file of", this, e);
            }
        }
    }

    /** The end of the stop: forget the port and stop what it served. */
    private void afterStop() {
        ctx.forget(this);
        ctx.loop().runHandler(factory, factory::doStop);
    }

    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public String toString() {
        return "<" + factory.logPrefix() + " on " + host + " " + lifecycle.state() + ">";
    }
}
