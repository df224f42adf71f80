package io.torsion.internet.internal;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.ClientTlsOptions;
import io.torsion.internet.Connector;
import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.ServerTlsOptions;
import io.torsion.protocols.TlsProtocol;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The factories {@code listenSSL} and {@code connectSSL} give to TCP: each wraps the user's
 * factory and puts a {@link TlsProtocol} around every protocol it builds (Twisted's
 * {@code TLSMemoryBIOFactory}). The TLS context is built once per factory.
 * Threading: reactor thread only.
 */
public final class TlsFactories {
    private TlsFactories() {
    }

    /**
     * Wraps a server factory so that each protocol it builds runs inside a {@link TlsProtocol}.
     *
     * @param wrapped the user's factory
     * @param options the server's TLS options; the context is built here, once
     * @return the wrapping factory
     */
    public static ServerFactory<TlsProtocol> server(ServerFactory<?> wrapped, ServerTlsOptions options) {
        return new Server(wrapped, options);
    }

    /**
     * Wraps a client factory so that its protocol runs inside a {@link TlsProtocol}.
     *
     * @param wrapped the user's factory
     * @param options the client's TLS options; the context is built here, once
     * @return the wrapping factory
     */
    public static ClientFactory<TlsProtocol> client(ClientFactory<?> wrapped, ClientTlsOptions options) {
        return new Client(wrapped, options);
    }

    private static final class Server extends ServerFactory<TlsProtocol> {
        private final ServerFactory<?> wrapped;
        private final ServerTlsOptions options;
        private final SSLContext context;

        Server(ServerFactory<?> wrapped, ServerTlsOptions options) {
            this.wrapped = Objects.requireNonNull(wrapped, "factory");
            this.options = Objects.requireNonNull(options, "options");
            this.context = options.newContext();
        }

        @Override
        public TlsProtocol buildProtocol(Address address) {
            Protocol p = wrapped.buildProtocol(address);
            TlsProtocol tls = new TlsProtocol(options.newEngine(context), p);
            tls.setFactory(this);
            return tls;
        }

        @Override
        public void startFactory() {
            wrapped.doStart();
        }

        @Override
        public void stopFactory() {
            wrapped.doStop();
        }

        @Override
        public String logPrefix() {
            return wrapped.logPrefix() + " (TLS)";
        }
    }

    private static final class Client extends ClientFactory<TlsProtocol> {
        private final ClientFactory<?> wrapped;
        private final ClientTlsOptions options;
        private final SSLContext context;
        private TlsProtocol current;

        Client(ClientFactory<?> wrapped, ClientTlsOptions options) {
            this.wrapped = Objects.requireNonNull(wrapped, "factory");
            this.options = Objects.requireNonNull(options, "options");
            this.context = options.newContext();
        }

        @Override
        public TlsProtocol buildProtocol(Address address) {
            Protocol p = wrapped.buildProtocol(address);
            current = new TlsProtocol(options.newEngine(context), p);
            current.setFactory(this);
            return current;
        }

        @Override
        public void startedConnecting(Connector connector) {
            wrapped.startedConnecting(connector);
        }

        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
            wrapped.clientConnectionFailed(connector, reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, Failure reason) {
            // The user hears the TLS reason (a TlsError, or ConnectionDone after close_notify),
            // not the TCP one underneath.
            Failure why = current == null ? reason : current.connectionLostReason().orElse(reason);
            current = null;
            wrapped.clientConnectionLost(connector, why);
        }

        @Override
        public void startFactory() {
            wrapped.doStart();
        }

        @Override
        public void stopFactory() {
            wrapped.doStop();
        }

        @Override
        public String logPrefix() {
            return wrapped.logPrefix() + " (TLS)";
        }
    }
}
