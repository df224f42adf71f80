package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Address;
import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorTCP;
import java.util.Objects;

/**
 * Connects over TCP to one host and port (Twisted's {@code TCP4ClientEndpoint}); the description
 * {@code tcp:host=H:port=P:timeout=S:bindAddress=A} makes one. A host name is resolved by the
 * reactor's {@code connectTCP} in its thread pool, which uses the first IPv4 address; use
 * {@link HostnameEndpoint} to try every address.
 *
 * <p>Threading: immutable; {@link #connect} is reactor thread only.
 */
public class TCP4ClientEndpoint implements ClientEndpoint {
    private final ReactorTCP reactor;
    private final String host;
    private final int port;
    private final double timeoutSeconds;
    private final Address bindAddress;

    /**
     * Creates an endpoint with the default timeout and no bind address.
     *
     * @param reactor the reactor to connect with
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @throws IllegalArgumentException if the port is out of range
     */
    public TCP4ClientEndpoint(ReactorTCP reactor, String host, int port) {
        this(reactor, host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT_SECONDS, null);
    }

    /**
     * Creates an endpoint.
     *
     * @param reactor the reactor to connect with
     * @param host a literal address or a host name
     * @param port the port, 1..65535
     * @param timeoutSeconds how long the attempt may take, 0 for no limit
     * @param bindAddress the local address to bind, or null
     * @throws IllegalArgumentException if the port is out of range or the timeout negative
     */
    public TCP4ClientEndpoint(ReactorTCP reactor, String host, int port, double timeoutSeconds, Address bindAddress) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        if (!(timeoutSeconds >= 0)) {
            throw new IllegalArgumentException("timeout must be at least 0, got " + timeoutSeconds);
        }
        this.port = port;
        this.timeoutSeconds = timeoutSeconds;
        this.bindAddress = bindAddress;
    }

    /**
     * Returns the host.
     *
     * @return the host as given
     */
    public String host() {
        return host;
    }

    /**
     * Returns the port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the timeout.
     *
     * @return seconds, 0 for none
     */
    public double timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * Returns the bind address.
     *
     * @return the address, or null
     */
    public Address bindAddress() {
        return bindAddress;
    }

    @Override
    public <P extends Protocol> Deferred<P> connect(Factory<P> factory) {
        Objects.requireNonNull(factory, "factory");
        EndpointWrapping.WrappingClientFactory<P> wrapping = new EndpointWrapping.WrappingClientFactory<>(factory);
        try {
            reactor.connectTCP(host, port, wrapping, timeoutSeconds, bindAddress);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return wrapping.connected;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + host + ":" + port + ")";
    }
}
