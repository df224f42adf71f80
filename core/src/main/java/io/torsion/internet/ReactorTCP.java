package io.torsion.internet;

import java.time.Duration;

/**
 * Listens for and makes TCP connections (Twisted's {@code IReactorTCP}).
 * <pre>{@code
 * ListeningPort port = reactor.listenTCP(0, ServerFactory.forProtocol(Echo::new), 50, "127.0.0.1");
 * int actual = ((IPv4Address) port.getHost()).port();
 * reactor.connectTCP("127.0.0.1", actual, ClientFactory.forProtocol(Greeter::new));
 * }</pre>
 *
 * <p>Addresses: an interface or host that is an IPv6 literal ({@code "::1"}, {@code "::"}) makes
 * an IPv6 socket and {@link IPv6Address} addresses; an IPv4 literal or {@code ""} (all IPv4
 * interfaces, as Twisted's default) makes an IPv4 socket and {@link IPv4Address} addresses.
 *
 * <p>Threading: reactor thread only, or before the reactor runs on the thread that owns it.
 */
public interface ReactorTCP {
    /** Twisted's default backlog of a listening socket. */
    int DEFAULT_BACKLOG = 50;
    /** Twisted's default connect timeout, in seconds. */
    double DEFAULT_CONNECT_TIMEOUT_SECONDS = 30;

    /**
     * Starts listening for TCP connections on {@code port} of {@code interfaceAddress}; each
     * connection gets a protocol from {@code factory} (Twisted's {@code listenTCP}). The factory's
     * {@code doStart} runs before this returns.
     *
     * @param port the port, or 0 for a free one (see {@link ListeningPort#getHost()})
     * @param factory builds a protocol per accepted connection
     * @param backlog how many connections the system may queue before they are accepted
     * @param interfaceAddress an IPv4 or IPv6 literal address to listen on, {@code ""} for every
     *     IPv4 interface or {@code "::"} for every interface; host names are not resolved here
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound, for example because the port is in
     *     use; the message names the address
     * @throws IllegalArgumentException if the port is outside 0..65535, the backlog is below 1, or
     *     the interface is not a literal address
     */
    ListeningPort listenTCP(int port, ServerFactory<?> factory, int backlog, String interfaceAddress);

    /**
     * As {@link #listenTCP(int, ServerFactory, int, String)} with a backlog of
     * {@value #DEFAULT_BACKLOG}.
     *
     * @param port the port, or 0 for a free one
     * @param factory builds a protocol per accepted connection
     * @param interfaceAddress the literal address to listen on, {@code ""} for every IPv4 interface
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     */
    default ListeningPort listenTCP(int port, ServerFactory<?> factory, String interfaceAddress) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, interfaceAddress);
    }

    /**
     * As {@link #listenTCP(int, ServerFactory, int, String)} on every IPv4 interface with a backlog
     * of {@value #DEFAULT_BACKLOG}.
     *
     * @param port the port, or 0 for a free one
     * @param factory builds a protocol per accepted connection
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     */
    default ListeningPort listenTCP(int port, ServerFactory<?> factory) {
        return listenTCP(port, factory, DEFAULT_BACKLOG, "");
    }

    /**
     * Starts connecting to {@code host}:{@code port}; the factory hears how it goes (Twisted's
     * {@code connectTCP}). At once, the factory's {@code doStart} and
     * {@code startedConnecting(connector)} run; from the next loop turn on, either the connection
     * is made ({@code buildProtocol}, then the protocol's {@code makeConnection}) or
     * {@code clientConnectionFailed(connector, reason)} runs with a {@link ConnectError}:
     * {@link ConnectionRefusedError}, {@link ConnectTimeoutError}, {@link NoRouteError},
     * {@link DNSLookupError}, {@link ConnectBindError} or {@link UserError} (after
     * {@code stopConnecting}). When a made connection ends, {@code clientConnectionLost} runs.
     *
     * <p>A {@code host} that is not a literal address is resolved in the reactor's thread pool, so
     * the reactor never blocks on DNS; of its addresses the first IPv4 one is used, or else the
     * first.
     *
     * @param host a literal IPv4 or IPv6 address, or a host name
     * @param port the port, 1..65535
     * @param factory builds the protocol and hears about the attempt
     * @param timeoutSeconds how long the attempt (including the name lookup) may take before it
     *     fails with {@link ConnectTimeoutError}; 0 for no limit
     * @param bindAddress the local address to bind to before connecting, an {@link IPv4Address} or
     *     {@link IPv6Address} whose host is a literal; null to let the system choose
     * @return the connector, which can stop, drop or remake the connection
     * @throws IllegalArgumentException if the port is outside 1..65535, the timeout is negative or
     *     not a number, or the bind address is not an IP address
     */
    Connector connectTCP(String host, int port, ClientFactory<?> factory, double timeoutSeconds,
            Address bindAddress);

    /**
     * As {@link #connectTCP(String, int, ClientFactory, double, Address)}, with a {@link Duration}
     * timeout.
     *
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @param factory builds the protocol and hears about the attempt
     * @param timeout how long the attempt may take; zero for no limit
     * @param bindAddress the local address, or null
     * @return the connector
     */
    default Connector connectTCP(String host, int port, ClientFactory<?> factory, Duration timeout,
            Address bindAddress) {
        return connectTCP(host, port, factory, timeout.toNanos() / 1e9, bindAddress);
    }

    /**
     * As {@link #connectTCP(String, int, ClientFactory, double, Address)} with no bind address.
     *
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @param factory builds the protocol and hears about the attempt
     * @param timeoutSeconds how long the attempt may take; 0 for no limit
     * @return the connector
     */
    default Connector connectTCP(String host, int port, ClientFactory<?> factory, double timeoutSeconds) {
        return connectTCP(host, port, factory, timeoutSeconds, null);
    }

    /**
     * As {@link #connectTCP(String, int, ClientFactory, double, Address)} with the default timeout
     * of {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} seconds and no bind address.
     *
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @param factory builds the protocol and hears about the attempt
     * @return the connector
     */
    default Connector connectTCP(String host, int port, ClientFactory<?> factory) {
        return connectTCP(host, port, factory, DEFAULT_CONNECT_TIMEOUT_SECONDS, null);
    }
}
