package io.torsion.internet;

import java.util.Objects;

/**
 * Handles the datagrams of one UDP port: subclass it and override {@link #datagramReceived}
 * (Twisted's {@code protocol.DatagramProtocol}).
 * <pre>{@code
 * class Echo extends DatagramProtocol {
 *     @Override public void datagramReceived(byte[] data, Address from) {
 *         transport().write(data, from);
 *     }
 * }
 * reactor.listenUDP(9999, new Echo());
 * }</pre>
 *
 * <p>Lifecycle, driven by the port:
 * <ol>
 *   <li>{@link #makeConnection(UDPTransport)} stores the port and calls {@link #startProtocol()}
 *       (when {@code listenUDP} returns, this has run);</li>
 *   <li>{@link #datagramReceived} for each datagram, and {@link #connectionRefused()} when a
 *       connected port learns that nobody listens at its peer;</li>
 *   <li>{@link #doStop()} after {@link UDPTransport#stopListening()} (or the reactor's shutdown):
 *       {@link #stopProtocol()} runs and the transport is forgotten. The protocol may then be
 *       given to another port.</li>
 * </ol>
 *
 * <p>Threading: reactor thread only.
 */
public abstract class DatagramProtocol {
    private UDPTransport transport;

    /** Creates a protocol not yet attached to a port. */
    protected DatagramProtocol() {
    }

    /**
     * Attaches this protocol to its port and calls {@link #startProtocol()} (Twisted's
     * {@code makeConnection}, which calls {@code doStart}). Called by the port.
     *
     * @param transport the port
     * @throws IllegalStateException if the protocol is attached to a port already
     */
    public void makeConnection(UDPTransport transport) {
        Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("this protocol is already attached to " + this.transport);
        }
        this.transport = transport;
        startProtocol();
    }

    /**
     * Detaches this protocol from its port after calling {@link #stopProtocol()} (Twisted's
     * {@code doStop}). Called by the port once it has stopped listening.
     */
    public void doStop() {
        if (transport == null) {
            return;
        }
        try {
            stopProtocol();
        } finally {
            transport = null;
        }
    }

    /**
     * Returns the port this protocol is attached to (Twisted's {@code transport}).
     *
     * @return the port
     * @throws IllegalStateException if it is not attached to one
     */
    public UDPTransport transport() {
        if (transport == null) {
            throw new IllegalStateException("this protocol is not attached to a port");
        }
        return transport;
    }

    /**
     * Tells whether the protocol is attached to a listening port.
     *
     * @return true between {@link #startProtocol()} and {@link #stopProtocol()}
     */
    public boolean isListening() {
        return transport != null;
    }

    /** Reports that the port listens and the protocol can use {@link #transport()}. Default: nothing. */
    public void startProtocol() {
    }

    /** Reports that the port has stopped listening. Default: nothing. */
    public void stopProtocol() {
    }

    /**
     * Reports one datagram. Default: ignores it.
     *
     * @param data the datagram, at most the port's maximum packet size (longer ones arrive cut
     *     short); the protocol may keep the array
     * @param address the sender, an {@link IPv4Address} or {@link IPv6Address} of type UDP
     */
    public void datagramReceived(byte[] data, Address address) {
    }

    /**
     * Reports, on a connected port only, that a datagram sent to the peer was refused (an ICMP
     * port-unreachable came back): nobody listens there (Twisted's {@code connectionRefused}).
     * Default: nothing. The port stays open.
     */
    public void connectionRefused() {
    }

    /**
     * Returns the prefix for log lines about this protocol.
     *
     * @return the class name by default
     */
    public String logPrefix() {
        return getClass().getSimpleName();
    }
}
