package io.torsion.internet;

import io.torsion.defer.Deferred;

/**
 * A listening UDP port, as its {@link DatagramProtocol} sees it: send datagrams, optionally talk to
 * one peer only, and stop (Twisted's {@code IUDPTransport} with {@code IListeningPort}).
 *
 * <p>Sending never blocks and never queues: a datagram goes to the system at once, and one the
 * system has no room for is dropped, as UDP may drop any datagram.
 *
 * <p>Connected mode: after {@link #connect(String, int)} the port exchanges datagrams with that
 * peer only: {@link #write(byte[])} sends to it, datagrams from others are discarded by the system,
 * and an ICMP port-unreachable reaches the protocol as {@link DatagramProtocol#connectionRefused()}.
 *
 * <p>Threading: reactor thread only.
 */
public interface UDPTransport {
    /**
     * Sends one datagram to {@code address} at once.
     *
     * @param data the datagram
     * @param address an {@link IPv4Address} or {@link IPv6Address} whose host is a literal address
     *     of the port's IP version
     * @throws InvalidAddressError if the address is not a literal IP address of the port's IP
     *     version
     * @throws IllegalStateException if the port is connected to a different peer, or not
     *     listening
     * @throws MessageLengthError if the datagram is too long for the system to send
     * @throws java.io.UncheckedIOException if the system refuses the datagram for another reason
     */
    void write(byte[] data, Address address);

    /**
     * Sends one datagram to the peer of a connected port.
     *
     * @param data the datagram
     * @throws IllegalStateException if the port is not connected, or not listening
     * @throws MessageLengthError if the datagram is too long for the system to send
     */
    void write(byte[] data);

    /**
     * Connects the port to one peer (Twisted's {@code connect}); it can be done once.
     *
     * @param host a literal IPv4 or IPv6 address of the port's IP version; names are not resolved
     * @param port the peer's port, 1..65535
     * @throws InvalidAddressError if the host is not a literal address of the port's IP version
     * @throws IllegalArgumentException if the port is out of range
     * @throws IllegalStateException if the port is connected already or not listening
     */
    void connect(String host, int port);

    /**
     * Stops listening: the socket closes at once; at the end of the loop turn the protocol's
     * {@link DatagramProtocol#doStop()} runs and the Deferred fires (Twisted's
     * {@code stopListening}). Calling it again returns a Deferred for the same stop.
     *
     * @return fires with null once stopped; it does not fail (an error of {@code stopProtocol}
     *     is logged)
     */
    Deferred<Void> stopListening();

    /**
     * Returns the address this port is bound to, with the actual port number when port 0 was
     * asked for.
     *
     * @return an {@link IPv4Address} or {@link IPv6Address} of type UDP
     */
    Address getHost();

    /**
     * Allows or forbids sending to broadcast addresses (socket option SO_BROADCAST; Twisted's
     * {@code setBroadcastAllowed}).
     *
     * @param enabled whether broadcasts are allowed
     */
    void setBroadcastAllowed(boolean enabled);

    /**
     * Tells whether sending to broadcast addresses is allowed.
     *
     * @return the SO_BROADCAST setting
     */
    boolean getBroadcastAllowed();
}
