package io.torsion.internet.endpoints;

import io.torsion.internet.ReactorTCP;

/**
 * Listens for TCP connections over IPv6 on one port and interface (Twisted's
 * {@code TCP6ServerEndpoint}); the description {@code tcp6:PORT:interface=ADDR} makes one. The
 * default interface is {@code "::"}, every interface.
 *
 * <p>Threading: immutable; {@link #listen} is reactor thread only.
 */
public class TCP6ServerEndpoint extends TCP4ServerEndpoint {
    /**
     * Creates an endpoint for {@code port} on every interface ({@code "::"}).
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for a free one
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public TCP6ServerEndpoint(ReactorTCP reactor, int port) {
        this(reactor, port, ReactorTCP.DEFAULT_BACKLOG, "::");
    }

    /**
     * Creates an endpoint.
     *
     * @param reactor the reactor to listen with
     * @param port the port, 0 for a free one
     * @param backlog the listen backlog, at least 1
     * @param interfaceAddress an IPv6 literal address
     * @throws IllegalArgumentException if the port or backlog is out of range, or the interface is
     *     not an IPv6 literal
     */
    public TCP6ServerEndpoint(ReactorTCP reactor, int port, int backlog, String interfaceAddress) {
        super(reactor, port, backlog, interfaceAddress);
        if (!interfaceAddress.contains(":")) {
            throw new IllegalArgumentException("a tcp6 interface must be an IPv6 literal, got \"" + interfaceAddress + "\"");
        }
    }
}
