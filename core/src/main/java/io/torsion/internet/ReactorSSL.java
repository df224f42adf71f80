package io.torsion.internet;

import java.time.Duration;

/**
 * Listens for and makes TLS connections over TCP (Twisted's {@code IReactorSSL}). Each connection
 * is a TCP connection whose protocol is a {@link io.torsion.protocols.TlsProtocol} wrapping the
 * factory's protocol, so the factory's protocols see plain bytes through an
 * {@link SSLTransport}.
 *
 * <pre>{@code
 * ListeningPort port = reactor.listenSSL(0, ServerFactory.forProtocol(Echo::new),
 *         ServerTlsOptions.withIdentity(TlsIdentity.fromPemFiles(keyPem, chainPem)), "127.0.0.1");
 * reactor.connectSSL("localhost", portNumber, ClientFactory.forProtocol(Greeter::new),
 *         ClientTlsOptions.forHost("localhost"));
 * }</pre>
 *
 * <p>The protocol's {@code connectionMade} runs when the TCP connection is made, before the TLS
 * handshake (as Twisted); implement {@link HandshakeListener} to hear when it finishes. A failed
 * handshake ends the connection with a {@link TlsError}, which both the protocol's
 * {@code connectionLost} and the client factory's {@code clientConnectionLost} receive.
 *
 * <p>Threading: reactor thread only, or before the reactor runs on the thread that owns it.
 */
public interface ReactorSSL {
    /**
     * Starts listening for TLS connections on {@code port} (Twisted's {@code listenSSL}). The TLS
     * context is built once, now; each connection gets its own engine.
     *
     * @param port the port, or 0 for a free one
     * @param factory builds the protocol per connection (it sees plain bytes)
     * @param options the server's certificate and TLS settings
     * @param backlog how many connections the system may queue before they are accepted
     * @param interfaceAddress a literal address to listen on, {@code ""} for every IPv4 interface
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     * @throws IllegalArgumentException if the options' keys cannot be used, or as
     *     {@link ReactorTCP#listenTCP(int, ServerFactory, int, String)}
     */
    ListeningPort listenSSL(int port, ServerFactory<?> factory, ServerTlsOptions options, int backlog,
            String interfaceAddress);

    /**
     * As {@link #listenSSL(int, ServerFactory, ServerTlsOptions, int, String)} with the default
     * backlog.
     *
     * @param port the port, or 0 for a free one
     * @param factory builds the protocol per connection
     * @param options the server's TLS settings
     * @param interfaceAddress the literal address to listen on
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     */
    default ListeningPort listenSSL(int port, ServerFactory<?> factory, ServerTlsOptions options,
            String interfaceAddress) {
        return listenSSL(port, factory, options, ReactorTCP.DEFAULT_BACKLOG, interfaceAddress);
    }

    /**
     * As {@link #listenSSL(int, ServerFactory, ServerTlsOptions, int, String)} on every IPv4
     * interface with the default backlog.
     *
     * @param port the port, or 0 for a free one
     * @param factory builds the protocol per connection
     * @param options the server's TLS settings
     * @return the listening port
     * @throws CannotListenError if the socket cannot be bound
     */
    default ListeningPort listenSSL(int port, ServerFactory<?> factory, ServerTlsOptions options) {
        return listenSSL(port, factory, options, ReactorTCP.DEFAULT_BACKLOG, "");
    }

    /**
     * Starts a TLS connection to {@code host}:{@code port} (Twisted's {@code connectSSL}). The
     * factory hears about the attempt as with {@link ReactorTCP#connectTCP}: a failed TCP connect
     * gives {@code clientConnectionFailed}; a made connection whose handshake then fails gives the
     * protocol's {@code connectionLost} and {@code clientConnectionLost} with a {@link TlsError}.
     * The server's certificate is checked against {@code options.hostname()}, which may differ
     * from {@code host} (for example when {@code host} is an IP literal).
     *
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @param factory builds the protocol (it sees plain bytes) and hears about the attempt
     * @param options the client's TLS settings
     * @param timeoutSeconds how long the TCP connect may take; 0 for no limit. The handshake has
     *     no time limit of its own
     * @param bindAddress the local address, or null
     * @return the connector
     * @throws IllegalArgumentException if the options cannot be used, or as
     *     {@link ReactorTCP#connectTCP(String, int, ClientFactory, double, Address)}
     */
    Connector connectSSL(String host, int port, ClientFactory<?> factory, ClientTlsOptions options,
            double timeoutSeconds, Address bindAddress);

    /**
     * As {@link #connectSSL(String, int, ClientFactory, ClientTlsOptions, double, Address)} with a
     * {@link Duration} timeout.
     *
     * @param host a literal address or a host name
     * @param port the port
     * @param factory builds the protocol
     * @param options the client's TLS settings
     * @param timeout how long the TCP connect may take; zero for no limit
     * @param bindAddress the local address, or null
     * @return the connector
     */
    default Connector connectSSL(String host, int port, ClientFactory<?> factory, ClientTlsOptions options,
            Duration timeout, Address bindAddress) {
        return connectSSL(host, port, factory, options, timeout.toNanos() / 1e9, bindAddress);
    }

    /**
     * As {@link #connectSSL(String, int, ClientFactory, ClientTlsOptions, double, Address)} with the
     * default timeout and no bind address.
     *
     * @param host a literal address or a host name
     * @param port the port
     * @param factory builds the protocol
     * @param options the client's TLS settings
     * @return the connector
     */
    default Connector connectSSL(String host, int port, ClientFactory<?> factory, ClientTlsOptions options) {
        return connectSSL(host, port, factory, options, ReactorTCP.DEFAULT_CONNECT_TIMEOUT_SECONDS, null);
    }
}
