package io.torsion.internet.endpoints;

import io.torsion.internet.Address;
import io.torsion.internet.ReactorTCP;

/**
 * Connects over TCP to an IPv6 address and port (Twisted's {@code TCP6ClientEndpoint}); the
 * description {@code tcp6:host=::1:port=P} makes one. Unlike Twisted's, it takes only a literal
 * IPv6 address: for a host name use {@link HostnameEndpoint}, which tries IPv6 and IPv4.
 *
 * <p>Threading: immutable; {@link #connect} is reactor thread only.
 */
public class TCP6ClientEndpoint extends TCP4ClientEndpoint {
    /**
     * Creates an endpoint with the default timeout.
     *
     * @param reactor the reactor to connect with
     * @param host an IPv6 literal address
     * @param port the port, 1..65535
     * @throws IllegalArgumentException if the host is not an IPv6 literal or the port out of range
     */
    public TCP6ClientEndpoint(ReactorTCP reactor, String host, int port) {
        this(reactor, host, port, ReactorTCP.DEFAULT_CONNECT_TIMEOUT_SECONDS, null);
    }

    /**
     * Creates an endpoint.
     *
     * @param reactor the reactor to connect with
     * @param host an IPv6 literal address
     * @param port the port, 1..65535
     * @param timeoutSeconds how long the attempt may take, 0 for no limit
     * @param bindAddress the local address to bind, or null
     * @throws IllegalArgumentException if the host is not an IPv6 literal, or the port or timeout
     *     is out of range
     */
    public TCP6ClientEndpoint(ReactorTCP reactor, String host, int port, double timeoutSeconds, Address bindAddress) {
        super(reactor, host, port, timeoutSeconds, bindAddress);
        if (!host.contains(":")) {
            throw new IllegalArgumentException("a tcp6 host must be an IPv6 literal, got \"" + host + "\"");
        }
    }
}
