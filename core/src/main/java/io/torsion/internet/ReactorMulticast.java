package io.torsion.internet;

/**
 * Opens UDP ports that can join IPv4 multicast groups (Twisted's {@code IReactorMulticast}).
 * <pre>{@code
 * MulticastTransport port = reactor.listenMulticast(8005, new Listener(), "", 8192, true);
 * port.joinGroup("228.0.0.5", "");
 * }</pre>
 *
 * <p>Threading: reactor thread only, or before the reactor runs on the thread that owns it.
 */
public interface ReactorMulticast {
    /**
     * Opens an IPv4 UDP port able to join multicast groups and attaches {@code protocol} to it
     * (Twisted's {@code listenMulticast}); the protocol's {@code startProtocol} runs before this
     * returns.
     *
     * @param port the port, or 0 for a free one
     * @param protocol the protocol, not attached to another port
     * @param interfaceAddress a literal IPv4 address to bind to, or {@code ""} for every interface
     *     (needed to receive group datagrams on most systems)
     * @param maxPacketSize the largest datagram received whole
     * @param listenMultiple whether other sockets may bind the same port (SO_REUSEADDR, as Twisted),
     *     so that several programs on one host can listen to the same group
     * @return the port
     * @throws CannotListenError if the socket cannot be bound
     * @throws IllegalArgumentException if an argument is out of range or not an IPv4 literal
     * @throws IllegalStateException if the protocol is attached to a port already
     */
    MulticastTransport listenMulticast(int port, DatagramProtocol protocol, String interfaceAddress,
            int maxPacketSize, boolean listenMultiple);

    /**
     * As {@link #listenMulticast(int, DatagramProtocol, String, int, boolean)} on every interface,
     * with a maximum packet size of {@value ReactorUDP#DEFAULT_MAX_PACKET_SIZE} and no sharing.
     *
     * @param port the port, or 0 for a free one
     * @param protocol the protocol
     * @return the port
     * @throws CannotListenError if the socket cannot be bound
     */
    default MulticastTransport listenMulticast(int port, DatagramProtocol protocol) {
        return listenMulticast(port, protocol, "", ReactorUDP.DEFAULT_MAX_PACKET_SIZE, false);
    }
}
