package io.torsion.internet.endpoints;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.Factory;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;

/** The factories and protocol that turn connector callbacks into a Deferred (Twisted's _WrappingFactory). */
final class EndpointWrapping {
    private EndpointWrapping() {
    }

    /** Returns {@code factory} as a ServerFactory, wrapping it if needed. */
    static ServerFactory<?> asServerFactory(Factory<?> factory) {
        if (factory instanceof ServerFactory<?> s) {
            return s;
        }
        return new ServerFactory<Protocol>() {
            @Override
            public Protocol buildProtocol(Address address) {
                return factory.buildProtocol(address);
            }

            @Override
            public void startFactory() {
                factory.doStart();
            }

            @Override
            public void stopFactory() {
                factory.doStop();
            }
        };
    }

    /**
     * Builds the user's protocol and wraps it; if the user's factory throws, fails
     * {@code connected} with that error and returns a protocol that closes the connection, as
     * Twisted's _WrappingFactory does.
     */
    static <P extends Protocol> Protocol wrap(Factory<P> factory, Address address, Deferred<P> connected) {
        P p;
        try {
            p = factory.buildProtocol(address);
        } catch (RuntimeException e) {
            connected.errback(e);
            return new Closer();
        }
        return new WrappingProtocol<>(p, connected);
    }

    /** Closes the connection as soon as it is made. */
    static final class Closer extends Protocol {
        @Override
        public void connectionMade() {
            transport().loseConnection();
        }
    }

    /** Connects the wrapped protocol with the real transport and fires the Deferred after connectionMade. */
    static final class WrappingProtocol<P extends Protocol> extends Protocol implements HalfCloseableProtocol {
        private final P wrapped;
        private final Deferred<P> connected;

        WrappingProtocol(P wrapped, Deferred<P> connected) {
            this.wrapped = wrapped;
            this.connected = connected;
        }

        @Override
        public void connectionMade() {
            wrapped.makeConnection(transport());
            connected.callback(wrapped);
        }

        @Override
        public void dataReceived(byte[] data) {
            wrapped.dataReceived(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            wrapped.connectionLost(reason);
        }

        @Override
        public void readConnectionLost() {
            if (wrapped instanceof HalfCloseableProtocol h) {
                h.readConnectionLost();
            } else {
                transport().loseConnection();
            }
        }

        @Override
        public void writeConnectionLost() {
            if (wrapped instanceof HalfCloseableProtocol h) {
                h.writeConnectionLost();
            }
        }

        @Override
        public String logPrefix() {
            return wrapped.logPrefix();
        }
    }

    /** The client factory given to connectTCP by an endpoint's connect. */
    static final class WrappingClientFactory<P extends Protocol> extends ClientFactory<Protocol> {
        private final Factory<P> wrapped;
        final Deferred<P> connected;
        Connector connector;
        private boolean connecting = true;

        WrappingClientFactory(Factory<P> wrapped) {
            this.wrapped = wrapped;
            this.connected = new Deferred<>(d -> {
                d.errback(new CancelledError("the connection attempt was cancelled"));
                if (connecting && connector != null) {
                    connector.stopConnecting();
                }
            });
        }

        @Override
        public void startedConnecting(Connector c) {
            connector = c;
        }

        @Override
        public Protocol buildProtocol(Address address) {
            connecting = false;
            return wrap(wrapped, address, connected);
        }

        @Override
        public void clientConnectionFailed(Connector c, Failure reason) {
            connecting = false;
            if (!connected.isCalled()) {
                connected.errback(reason);
            }
        }

        @Override
        public void startFactory() {
            wrapped.doStart();
        }

        @Override
        public void stopFactory() {
            wrapped.doStop();
        }
    }
}
