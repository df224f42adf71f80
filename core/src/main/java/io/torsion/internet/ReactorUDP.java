package io.torsion.internet;

/**
 * Opens UDP ports (Twisted's {@code IReactorUDP}).
 * <pre>{@code
 * UDPTransport port = reactor.listenUDP(0, new Echo(), "127.0.0.1", 8192);
 * int actual = ((IPv4Address) port.getHost()).port();
 * }</pre>
 *
 * <p>Threading: reactor thread only, or before the reactor runs on the thread that owns it.
 */
public interface ReactorUDP {
    /** Twisted's default largest datagram a port receives whole, in bytes. */
    int DEFAULT_MAX_PACKET_SIZE = 8192;

    /**
     * Opens a UDP port on {@code port} of {@code interfaceAddress} and attaches {@code protocol} to
     * it (Twisted's {@code listenUDP}); the protocol's {@code startProtocol} runs before this
     * returns. Each datagram received becomes one {@link DatagramProtocol#datagramReceived} call
     * on the reactor thread.
     *
     * @param port the port, or 0 for a free one
     * @param protocol the protocol, not attached to another port
     * @param interfaceAddress a literal IPv4 or IPv6 address, {@code ""} for every IPv4 interface,
     *     or {@code "::"} for every interface
     * @param maxPacketSize the largest datagram received whole; longer ones are cut to this size
     * @return the port
     * @throws CannotListenError if the socket cannot be bound, for example because the port is in
     *     use
     * @throws IllegalArgumentException if the port is outside 0..65535, the packet size below 1,
     *     or the interface not a literal
     * @throws IllegalStateException if the protocol is attached to a port already
     */
    UDPTransport listenUDP(int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize);

    /**
     * As {@link #listenUDP(int, DatagramProtocol, String, int)} on every IPv4 interface with a
     * maximum packet size of {@value #DEFAULT_MAX_PACKET_SIZE}.
     *
     * @param port the port, or 0 for a free one
     * @param protocol the protocol
     * @return the port
     * @throws CannotListenError if the socket cannot be bound
     */
    default UDPTransport listenUDP(int port, DatagramProtocol protocol) {
        return listenUDP(port, protocol, "", DEFAULT_MAX_PACKET_SIZE);
    }
}
