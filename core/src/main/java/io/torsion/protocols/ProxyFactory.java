package io.torsion.protocols;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorTCP;
import io.torsion.internet.ServerFactory;
import java.util.Objects;

/**
 * Forwards each accepted connection to a fixed host and port, relaying bytes both ways with flow
 * control (Twisted's {@code twisted.protocols.portforward.ProxyFactory}).
 *
 * <p>Per accepted connection:
 * <ol>
 *   <li>the {@link ProxyServer} pauses reading from its client (nothing to send it to yet) and
 *       connects to the destination;</li>
 *   <li>when the {@link ProxyClient} leg connects, each leg's transport is registered as the
 *       streaming producer of the other, so a leg whose peer reads slowly pauses the leg that
 *       feeds it and memory stays bounded; then reading resumes;</li>
 *   <li>when either leg is lost, the other is closed after sending what it has. If the destination
 *       cannot be reached, the accepted connection is closed; if the accepted connection is lost
 *       while the destination is still being reached, the attempt is abandoned (Twisted lets
 *       it finish).</li>
 * </ol>
 *
 * <pre>{@code
 * reactor.listenTCP(8000, new ProxyFactory(reactor, "example.com", 80));
 * }</pre>
 *
 * <p>Threading: reactor thread only.
 */
public class ProxyFactory extends ServerFactory<ProxyFactory.ProxyServer> {
    private final ReactorTCP reactor;
    private final String host;
    private final int port;

    /**
     * Creates a factory forwarding to {@code host}:{@code port}.
     *
     * @param reactor connects the outgoing legs
     * @param host the destination host (a name is resolved off the reactor thread)
     * @param port the destination port, 1..65535
     * @throws IllegalArgumentException if the port is out of range
     */
    public ProxyFactory(ReactorTCP reactor, String host, int port) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        this.port = port;
    }

    /**
     * Returns the destination host.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * Returns the destination port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    @Override
    public ProxyServer buildProtocol(Address address) {
        ProxyServer server = new ProxyServer(this);
        server.setFactory(this);
        return server;
    }

    /**
     * One leg of a relayed connection: writes what it receives to the other leg (Twisted's
     * {@code portforward.Proxy}).
     *
     * <p>Threading: reactor thread only.
     */
    public abstract static class Proxy extends Protocol {
        private Proxy peer;
        private boolean linked;

        /** Creates a leg with no peer yet. */
        protected Proxy() {
        }

        /**
         * Sets the other leg (Twisted's {@code setPeer}).
         *
         * @param peer the other leg
         */
        public void setPeer(Proxy peer) {
            this.peer = peer;
        }

        /**
         * Returns the other leg, if connected.
         *
         * @return the peer, or null before it is set or after the relay ended
         */
        public Proxy peer() {
            return peer;
        }

        /** Registers each leg's transport as the other's streaming producer. */
        void link() {
            transport().registerProducer(peer.transport(), true);
            peer.transport().registerProducer(transport(), true);
            linked = true;
            peer.linked = true;
        }

        @Override
        public void dataReceived(byte[] data) {
            peer.transport().write(data);
        }

        /** Closes the other leg after it has sent what it holds. */
        @Override
        public void connectionLost(Failure reason) {
            Proxy p = peer;
            if (p == null) {
                return;
            }
            peer = null;
            p.peer = null;
            if (linked) {
                // Our transport, which was the peer's producer, is gone: the peer can close only
                // once it is unregistered.
                p.transport().unregisterProducer();
            }
            p.transport().loseConnection();
        }
    }

    /**
     * The accepted leg, which connects the outgoing one (Twisted's {@code ProxyServer}).
     *
     * <p>Threading: reactor thread only.
     */
    public static class ProxyServer extends Proxy {
        private final ProxyFactory proxyFactory;
        private Connector connector;
        private boolean lost;

        /**
         * Creates the leg.
         *
         * @param factory says where to connect
         */
        public ProxyServer(ProxyFactory factory) {
            this.proxyFactory = factory;
        }

        @Override
        public void connectionMade() {
            transport().pauseProducing();
            ClientFactory<ProxyClient> clients = new ClientFactory<>() {
                @Override
                public ProxyClient buildProtocol(Address address) {
                    ProxyClient client = new ProxyClient();
                    client.setFactory(this);
                    client.setPeer(ProxyServer.this);
                    return client;
                }

                @Override
                public void clientConnectionFailed(Connector c, Failure reason) {
                    if (!lost) {
                        transport().loseConnection();
                    }
                }
            };
            connector = proxyFactory.reactor.connectTCP(proxyFactory.host, proxyFactory.port, clients);
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = true;
            if (peer() == null && connector != null) {
                connector.disconnect();
            }
            super.connectionLost(reason);
        }
    }

    /**
     * The outgoing leg (Twisted's {@code ProxyClient}).
     *
     * <p>Threading: reactor thread only.
     */
    public static class ProxyClient extends Proxy {
        /** Creates the leg. */
        public ProxyClient() {
        }

        @Override
        public void connectionMade() {
            peer().setPeer(this);
            link();
            peer().transport().resumeProducing();
        }
    }
}
