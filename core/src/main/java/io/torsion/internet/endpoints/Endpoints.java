package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.Factory;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorSSL;
import io.torsion.internet.ReactorTCP;
import io.torsion.internet.ReactorUNIX;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.TlsVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes endpoints from description strings, and connects a ready-made protocol (Twisted's
 * {@code serverFromString}, {@code clientFromString} and {@code connectProtocol}).
 *
 * <p>Server descriptions (the first positional argument may be given by name too):
 * <ul>
 *   <li>{@code tcp:PORT:interface=ADDR:backlog=N} — {@link TCP4ServerEndpoint};</li>
 *   <li>{@code tcp6:PORT:interface=ADDR:backlog=N} — {@link TCP6ServerEndpoint} (escape the
 *       colons of the address: {@code interface=\:\:1});</li>
 *   <li>{@code ssl:PORT:privateKey=F:certKey=F:interface=ADDR:backlog=N:extraCertChain=F:dhParameters=F:sslmethod=M}
 *       — {@link SslServerOptions};</li>
 *   <li>{@code unix:PATH:backlog=N:mode=OCTAL:lockfile=0|1} — {@link UnixServerOptions}.</li>
 * </ul>
 * Client descriptions: {@code tcp:host=H:port=P:timeout=S:bindAddress=A} (or {@code tcp:H:P}),
 * {@code tcp6:...} likewise,
 * {@code ssl:host=H:port=P:hostname=N:timeout=S:bindAddress=A:certKey=F:privateKey=F:caCertsDir=D:caCertsFile=F}
 * (see {@link SslClientOptions}),
 * {@code unix:path=P:timeout=S:checkPID=0|1}. The syntax is described in
 * {@link EndpointDescription}.
 *
 * <p>Every error in a description throws {@link EndpointDescriptionError}, naming the bad part:
 * an unknown type, a missing, non-numeric or out-of-range port, an unknown parameter, a bad
 * escape. An {@code ssl:} or {@code unix:} description on a reactor without that transport throws
 * {@link UnsupportedOperationException} ("not supported by this reactor") after its parameters
 * were checked.
 *
 * <p>{@code ssl:} files are read when the endpoint listens or connects (see
 * {@link SslServerOptions#toTlsOptions()} and {@link SslClientOptions#toTlsOptions()}), not when
 * the description is parsed as Twisted does: a missing or unusable file fails the
 * {@code listen} or {@code connect} Deferred with an {@link EndpointFileError} naming the
 * parameter and the file. A refused certificate or wrong host name ends the connection with a
 * {@link io.torsion.internet.TlsError} after {@code connect} fired, as with
 * {@link ReactorSSL#connectSSL}: {@code connect} fires when the TCP connection is made, before the
 * handshake.
 *
 * <p>Threading: any thread for parsing; the endpoints made are used on the reactor thread.
 */
public final class Endpoints {
    private static final List<String> TCP_SERVER = List.of("port", "interface", "backlog");
    private static final List<String> TCP_CLIENT = List.of("host", "port", "timeout", "bindAddress");
    private static final List<String> SSL_SERVER = List.of("port", "privateKey", "certKey", "interface", "backlog",
            "extraCertChain", "dhParameters", "sslmethod");
    private static final List<String> SSL_CLIENT = List.of("host", "port", "timeout", "bindAddress", "certKey",
            "privateKey", "caCertsDir", "caCertsFile", "hostname");
    private static final List<String> UNIX_SERVER = List.of("address", "backlog", "mode", "lockfile");
    private static final List<String> UNIX_CLIENT = List.of("path", "timeout", "checkPID");

    private Endpoints() {
    }

    /**
     * The optional transports a reactor offers to {@code ssl:} and {@code unix:} descriptions.
     *
     * <p>Threading: immutable; the supports' methods are reactor thread only.
     *
     * @param ssl listens and connects with TLS, or null if the reactor has no TLS
     * @param unix listens and connects with Unix sockets, or null if the reactor has none
     */
    public record TransportSupports(StreamTransportSupport<SslServerOptions, SslClientOptions> ssl,
            StreamTransportSupport<UnixServerOptions, UnixClientOptions> unix) {
        /**
         * Returns the transports {@code reactor} offers: TLS if it is a {@link ReactorSSL} (each
         * listen or connect reads the description's files with
         * {@link SslServerOptions#toTlsOptions()} or {@link SslClientOptions#toTlsOptions()}, then
         * calls {@code listenSSL} or {@code connectSSL}), Unix sockets if it is a
         * {@link ReactorUNIX}.
         *
         * @param reactor the reactor
         * @return its TLS and Unix-socket support, each null when absent
         */
        public static TransportSupports forReactor(Object reactor) {
            StreamTransportSupport<SslServerOptions, SslClientOptions> ssl = null;
            if (reactor instanceof ReactorSSL r) {
                ssl = new StreamTransportSupport<>() {
                    @Override
                    public ListeningPort listen(SslServerOptions o, ServerFactory<?> factory) {
                        return r.listenSSL(o.port(), factory, o.toTlsOptions(), o.backlog(), o.interfaceAddress());
                    }

                    @Override
                    public Connector connect(SslClientOptions o, ClientFactory<?> factory) {
                        Address bind = o.bindAddress() == null ? null : bindAddress(o.bindAddress());
                        return r.connectSSL(o.host(), o.port(), factory, o.toTlsOptions(), o.timeoutSeconds(), bind);
                    }
                };
            }
            StreamTransportSupport<UnixServerOptions, UnixClientOptions> unix = null;
            if (reactor instanceof ReactorUNIX u) {
                unix = new StreamTransportSupport<>() {
                    @Override
                    public ListeningPort listen(UnixServerOptions o, ServerFactory<?> factory) {
                        return u.listenUNIX(o.path(), factory, o.backlog(), o.mode(), o.lockfile());
                    }

                    @Override
                    public Connector connect(UnixClientOptions o, ClientFactory<?> factory) {
                        return u.connectUNIX(o.path(), factory, o.timeoutSeconds(), o.checkPID());
                    }
                };
            }
            return new TransportSupports(ssl, unix);
        }
    }

    /**
     * Makes a server endpoint from a description such as {@code "tcp:8080:interface=127.0.0.1"}.
     *
     * @param reactor the reactor the endpoint listens with
     * @param description the description
     * @return the endpoint, not yet listening
     * @throws EndpointDescriptionError if the description is malformed
     * @throws UnsupportedOperationException if the reactor lacks the described transport
     */
    public static ServerEndpoint serverFromString(ReactorTCP reactor, String description) {
        return serverFromString(reactor, description, TransportSupports.forReactor(reactor));
    }

    /**
     * As {@link #serverFromString(ReactorTCP, String)}, with the TLS and Unix-socket support given.
     *
     * @param reactor the reactor the endpoint listens with
     * @param description the description
     * @param supports the optional transports
     * @return the endpoint, not yet listening
     * @throws EndpointDescriptionError if the description is malformed
     * @throws UnsupportedOperationException if the described transport is not in {@code supports}
     */
    public static ServerEndpoint serverFromString(ReactorTCP reactor, String description, TransportSupports supports) {
        Objects.requireNonNull(reactor, "reactor");
        EndpointDescription d = EndpointDescription.parse(description);
        switch (d.type()) {
            case "tcp", "tcp6": {
                boolean v6 = d.type().equals("tcp6");
                Map<String, String> b = d.bind(TCP_SERVER);
                int port = d.port(b, "port", 0);
                int backlog = backlog(d, b);
                String iface = b.getOrDefault("interface", v6 ? "::" : "");
                if (v6 && !iface.contains(":")) {
                    throw new EndpointDescriptionError(description, "interface \"" + iface
                            + "\" is not an IPv6 address (escape its colons with \\)");
                }
                return v6 ? new TCP6ServerEndpoint(reactor, port, backlog, iface)
                        : new TCP4ServerEndpoint(reactor, port, backlog, iface);
            }
            case "ssl": {
                Map<String, String> b = d.bind(SSL_SERVER);
                String key = b.getOrDefault("privateKey", "server.pem");
                String method = b.getOrDefault("sslmethod", "TLS_METHOD");
                List<TlsVersion> versions = SslServerOptions.versionsOf(method).orElseThrow(() ->
                        new EndpointDescriptionError(description, "sslmethod \"" + method + "\" is not offered (use"
                                + " TLS_METHOD for TLS 1.2 and 1.3, or TLSv1_2_METHOD; older versions are disabled)"));
                SslServerOptions o = new SslServerOptions(d.port(b, "port", 0), key, b.getOrDefault("certKey", key),
                        b.getOrDefault("interface", ""), backlog(d, b), b.get("extraCertChain"), b.get("dhParameters"),
                        versions);
                return new TransportServerEndpoint<>(require(supports.ssl(), "ssl", reactor), o);
            }
            case "unix": {
                Map<String, String> b = d.bind(UNIX_SERVER);
                String mode = b.getOrDefault("mode", "666");
                int m;
                try {
                    m = Integer.parseInt(mode, 8);
                } catch (NumberFormatException e) {
                    throw new EndpointDescriptionError(description, "mode \"" + mode + "\" is not an octal number");
                }
                UnixServerOptions o = new UnixServerOptions(d.required(b, "address"), backlog(d, b), m,
                        d.bool("lockfile", b.getOrDefault("lockfile", "1")));
                return new TransportServerEndpoint<>(require(supports.unix(), "unix", reactor), o);
            }
            default:
                throw unknownType(d);
        }
    }

    /**
     * Makes a client endpoint from a description such as {@code "tcp:host=example.com:port=80"}.
     *
     * @param reactor the reactor the endpoint connects with
     * @param description the description
     * @return the endpoint, not yet connecting
     * @throws EndpointDescriptionError if the description is malformed
     * @throws UnsupportedOperationException if the reactor lacks the described transport
     */
    public static ClientEndpoint clientFromString(ReactorTCP reactor, String description) {
        return clientFromString(reactor, description, TransportSupports.forReactor(reactor));
    }

    /**
     * As {@link #clientFromString(ReactorTCP, String)}, with the TLS and Unix-socket support given.
     *
     * @param reactor the reactor the endpoint connects with
     * @param description the description
     * @param supports the optional transports
     * @return the endpoint, not yet connecting
     * @throws EndpointDescriptionError if the description is malformed
     * @throws UnsupportedOperationException if the described transport is not in {@code supports}
     */
    public static ClientEndpoint clientFromString(ReactorTCP reactor, String description, TransportSupports supports) {
        Objects.requireNonNull(reactor, "reactor");
        EndpointDescription d = EndpointDescription.parse(description);
        switch (d.type()) {
            case "tcp", "tcp6": {
                Map<String, String> b = d.bind(TCP_CLIENT);
                String host = d.required(b, "host");
                int port = d.port(b, "port", 1);
                double timeout = timeout(d, b);
                Address bind = bindAddress(d, b);
                if (d.type().equals("tcp6")) {
                    if (!host.contains(":")) {
                        throw new EndpointDescriptionError(description, "host \"" + host
                                + "\" is not an IPv6 address (escape its colons with \\)");
                    }
                    return new TCP6ClientEndpoint(reactor, host, port, timeout, bind);
                }
                return new TCP4ClientEndpoint(reactor, host, port, timeout, bind);
            }
            case "ssl": {
                Map<String, String> b = d.bind(SSL_CLIENT);
                String host = d.required(b, "host");
                if (b.containsKey("privateKey") && !b.containsKey("certKey")) {
                    throw new EndpointDescriptionError(description, "privateKey needs certKey (the client certificate)");
                }
                SslClientOptions o = new SslClientOptions(host, d.port(b, "port", 1), timeout(d, b),
                        b.get("bindAddress"), b.get("certKey"), b.get("privateKey"), b.get("caCertsDir"),
                        b.get("caCertsFile"), b.containsKey("hostname") ? d.required(b, "hostname") : host);
                return new TransportClientEndpoint<>(require(supports.ssl(), "ssl", reactor), o);
            }
            case "unix": {
                Map<String, String> b = d.bind(UNIX_CLIENT);
                UnixClientOptions o = new UnixClientOptions(d.required(b, "path"), timeout(d, b),
                        d.bool("checkPID", b.getOrDefault("checkPID", "0")));
                return new TransportClientEndpoint<>(require(supports.unix(), "unix", reactor), o);
            }
            default:
                throw unknownType(d);
        }
    }

    /**
     * Connects {@code protocol} through {@code endpoint} (Twisted's {@code connectProtocol}): a
     * factory that returns this one protocol is used.
     *
     * @param endpoint where to connect
     * @param protocol the protocol to connect; it must not have been connected before
     * @param <P> the protocol type
     * @return fires with {@code protocol} once its {@code connectionMade} ran; fails as
     *     {@link ClientEndpoint#connect} does
     */
    public static <P extends Protocol> Deferred<P> connectProtocol(ClientEndpoint endpoint, P protocol) {
        Objects.requireNonNull(protocol, "protocol");
        return endpoint.connect(new Factory<P>() {
            @Override
            public P buildProtocol(Address address) {
                return protocol;
            }
        });
    }

    private static <T> T require(T support, String type, Object reactor) {
        if (support == null) {
            throw new UnsupportedOperationException(type + ": endpoints are not supported by this reactor ("
                    + reactor.getClass().getSimpleName() + ")");
        }
        return support;
    }

    private static EndpointDescriptionError unknownType(EndpointDescription d) {
        return new EndpointDescriptionError(d.source(), "unknown endpoint type \"" + d.type()
                + "\" (known: tcp, tcp6, ssl, unix)");
    }

    private static int backlog(EndpointDescription d, Map<String, String> b) {
        String s = b.get("backlog");
        if (s == null) {
            return ReactorTCP.DEFAULT_BACKLOG;
        }
        int backlog = d.integer("backlog", s);
        if (backlog < 1) {
            throw new EndpointDescriptionError(d.source(), "backlog " + backlog + " must be at least 1");
        }
        return backlog;
    }

    private static double timeout(EndpointDescription d, Map<String, String> b) {
        String s = b.get("timeout");
        return s == null ? ReactorTCP.DEFAULT_CONNECT_TIMEOUT_SECONDS : d.seconds("timeout", s);
    }

    private static Address bindAddress(EndpointDescription d, Map<String, String> b) {
        String s = b.get("bindAddress");
        return s == null ? null : bindAddress(s);
    }

    private static Address bindAddress(String s) {
        return s.contains(":") ? IPv6Address.tcp(s, 0) : IPv4Address.tcp(s, 0);
    }
}
