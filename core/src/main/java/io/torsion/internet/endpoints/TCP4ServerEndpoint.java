package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Factory;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.ReactorTCP;
import java.util.Objects;

/**
 * Listens for TCP connections over IPv4 on one port and interface (Twisted's
 * {@code TCP4ServerEndpoint}); the description {@code tcp:PORT:interface=ADDR:backlog=N} makes one.
 *
 * <p>Threading: immutable; {@link #listen} is reactor thread only.
 */
public class TCP4ServerEndpoint implements ServerEndpoint {
    private final ReactorTCP reactor;
    private final int port;
    private final int backlog;
    private final String interfaceAddress;

    /**
     * Creates an endpoint for {@code port} on every IPv4 interface with the default backlog.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for a free one
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public TCP4ServerEndpoint(ReactorTCP reactor, int port) {
        this(reactor, port, ReactorTCP.DEFAULT_BACKLOG, "");
    }

    /**
     * Creates an endpoint.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for a free one
     * @param backlog the listen backlog, at least 1
     * @param interfaceAddress a literal address, {@code ""} for every IPv4 interface
     * @throws IllegalArgumentException if the port is outside 0..65535 or the backlog below 1
     */
    public TCP4ServerEndpoint(ReactorTCP reactor, int port, int backlog, String interfaceAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.port = io.torsion.internet.Address.checkPort(port);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        this.backlog = backlog;
        this.interfaceAddress = Objects.requireNonNull(interfaceAddress, "interfaceAddress");
    }

    /**
     * Returns the port this endpoint listens on.
     *
     * @return the port, 0 meaning a free one
     */
    public int port() {
        return port;
    }

    /**
     * Returns the backlog.
     *
     * @return the backlog
     */
    public int backlog() {
        return backlog;
    }

    /**
     * Returns the interface.
     *
     * @return the literal address, {@code ""} for all
     */
    public String interfaceAddress() {
        return interfaceAddress;
    }

    @Override
    public Deferred<ListeningPort> listen(Factory<?> factory) {
        Objects.requireNonNull(factory, "factory");
        try {
            return Deferred.succeed(reactor.listenTCP(port, EndpointWrapping.asServerFactory(factory), backlog,
                    interfaceAddress));
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + (interfaceAddress.isEmpty() ? "*" : interfaceAddress) + ":" + port + ")";
    }
}
