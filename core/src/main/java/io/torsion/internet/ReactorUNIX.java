package io.torsion.internet;

import java.time.Duration;

/**
 * Listens for and makes connections over Unix domain sockets, named by a file-system path
 * (Twisted's {@code IReactorUNIX}).
 * <pre>{@code
 * ListeningPort port = reactor.listenUNIX("/tmp/echo.sock", ServerFactory.forProtocol(Echo::new));
 * reactor.connectUNIX("/tmp/echo.sock", ClientFactory.forProtocol(Greeter::new));
 * }</pre>
 *
 * <p>The connections are the same transports as TCP's ({@link TcpTransport}, with half-close and
 * flow control), whose addresses are {@link UNIXAddress}es: the listening side's host is the path
 * and its peer is unnamed; the connecting side's host is unnamed and its peer is the path. The
 * TCP socket options ({@code setTcpNoDelay}, {@code setTcpKeepAlive}) do not exist for them and
 * throw {@link UnsupportedOperationException}. {@link Transport#abortConnection()} closes at once,
 * but Unix sockets have no reset: the peer sees the end of the stream, after the bytes that had
 * already reached it.
 *
 * <p>Socket files: {@link ListeningPort#stopListening()} (and the reactor's shutdown) removes the
 * file. As Twisted's default ({@code wantPID=0}), a file already at the path, even a stale socket
 * left behind by a process that died, is not removed for you: listening fails with
 * {@link CannotListenError}; delete it first if you know it is stale, or listen with
 * {@code wantPID}, whose lock file tells a stale socket from a live one (Twisted's
 * {@code lockfile}). The socket file's permissions are set to {@code mode}, octal 0666 by
 * default, as Twisted does.
 *
 * <p>On a system without Unix domain sockets, {@code listenUNIX} throws {@link CannotListenError}
 * and {@code connectUNIX} fails the attempt with {@link ConnectError}, each saying so.
 *
 * <p>Threading: reactor thread only, or before the reactor runs on the thread that owns it.
 */
public interface ReactorUNIX {
    /** Twisted's default permissions of a listening socket's file: octal 0666, read-write for all. */
    int DEFAULT_MODE = 0666;

    /**
     * Starts listening for connections on a new Unix domain socket at {@code path}; each connection
     * gets a protocol from {@code factory} (Twisted's {@code listenUNIX}). The factory's
     * {@code doStart} runs before this returns.
     *
     * @param path the socket file to create; it must not exist yet
     * @param factory builds a protocol per accepted connection
     * @param backlog how many connections the system may queue before they are accepted
     * @return the listening port, whose {@link ListeningPort#getHost()} is the
     *     {@link UNIXAddress} of the path
     * @throws CannotListenError if the socket cannot be created, for example because a file exists
     *     at the path, its directory is missing, or the system lacks Unix domain sockets
     * @throws IllegalArgumentException if the path is empty or the backlog is below 1
     */
    default ListeningPort listenUNIX(String path, ServerFactory<?> factory, int backlog) {
        return listenUNIX(path, factory, backlog, DEFAULT_MODE, false);
    }

    /**
     * As {@link #listenUNIX(String, ServerFactory, int)}, choosing the socket file's permissions
     * and whether to hold a lock file while listening (Twisted's {@code mode} and
     * {@code wantPID}).
     *
     * <p>With {@code wantPID}, the lock is a symbolic link {@code path + ".lock"} naming this
     * process's id, taken before the socket is made and removed with it. A lock held by a live
     * process (this one included) makes listening fail; a lock left by a dead process is broken,
     * and then the socket file it left at {@code path} is removed (as Twisted, only if it is a
     * socket or other special file, never a regular file).
     *
     * @param path the socket file to create
     * @param factory builds a protocol per accepted connection
     * @param backlog how many connections the system may queue before they are accepted
     * @param mode the socket file's permission bits, {@link #DEFAULT_MODE} (octal 0666) by default
     * @param wantPID whether to hold the lock file {@code path + ".lock"}
     * @return the listening port
     * @throws CannotListenError if the lock is held by a live process, or the socket cannot be
     *     created or its permissions set
     * @throws IllegalArgumentException if the path is empty, the backlog below 1 or the mode outside
     *     octal 0..0777
     */
    ListeningPort listenUNIX(String path, ServerFactory<?> factory, int backlog, int mode, boolean wantPID);

    /**
     * As {@link #listenUNIX(String, ServerFactory, int)} with a backlog of
     * {@value ReactorTCP#DEFAULT_BACKLOG}.
     *
     * @param path the socket file to create
     * @param factory builds a protocol per accepted connection
     * @return the listening port
     * @throws CannotListenError if the socket cannot be created
     */
    default ListeningPort listenUNIX(String path, ServerFactory<?> factory) {
        return listenUNIX(path, factory, ReactorTCP.DEFAULT_BACKLOG);
    }

    /**
     * Starts connecting to the Unix domain socket at {@code path}; the factory hears how it goes,
     * exactly as with {@link ReactorTCP#connectTCP(String, int, ClientFactory, double, Address)}
     * (Twisted's {@code connectUNIX}). A path where nobody listens fails with
     * {@link ConnectionRefusedError} (a stale socket file) or {@link ConnectError} (no file).
     *
     * @param path the socket file
     * @param factory builds the protocol and hears about the attempt
     * @param timeoutSeconds how long the attempt may take before it fails with
     *     {@link ConnectTimeoutError}; 0 for no limit
     * @return the connector, whose destination is the {@link UNIXAddress} of the path
     * @throws IllegalArgumentException if the path is empty or invalid, or the timeout is negative
     *     or not a number
     */
    default Connector connectUNIX(String path, ClientFactory<?> factory, double timeoutSeconds) {
        return connectUNIX(path, factory, timeoutSeconds, false);
    }

    /**
     * As {@link #connectUNIX(String, ClientFactory, double)}, optionally checking first that a live
     * process holds the server's lock file {@code path + ".lock"} (Twisted's {@code checkPID}; see
     * {@link #listenUNIX(String, ServerFactory, int, int, boolean)}). If none does, the attempt
     * fails with {@link BadFileError}, in a later loop turn as every failure.
     *
     * @param path the socket file
     * @param factory builds the protocol and hears about the attempt
     * @param timeoutSeconds how long the attempt may take; 0 for no limit
     * @param checkPID whether to check the server's lock first
     * @return the connector
     * @throws IllegalArgumentException if the path is empty or invalid, or the timeout is negative
     *     or not a number
     */
    Connector connectUNIX(String path, ClientFactory<?> factory, double timeoutSeconds, boolean checkPID);

    /**
     * As {@link #connectUNIX(String, ClientFactory, double)}, with a {@link Duration} timeout.
     *
     * @param path the socket file
     * @param factory builds the protocol and hears about the attempt
     * @param timeout how long the attempt may take; zero for no limit
     * @return the connector
     */
    default Connector connectUNIX(String path, ClientFactory<?> factory, Duration timeout) {
        return connectUNIX(path, factory, timeout.toNanos() / 1e9);
    }

    /**
     * As {@link #connectUNIX(String, ClientFactory, double)} with the default timeout of
     * {@value ReactorTCP#DEFAULT_CONNECT_TIMEOUT_SECONDS} seconds.
     *
     * @param path the socket file
     * @param factory builds the protocol and hears about the attempt
     * @return the connector
     */
    default Connector connectUNIX(String path, ClientFactory<?> factory) {
        return connectUNIX(path, factory, ReactorTCP.DEFAULT_CONNECT_TIMEOUT_SECONDS);
    }
}
