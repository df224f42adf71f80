package io.torsion.internet;

import io.torsion.defer.Deferred;

/**
 * A UDP port that can join IPv4 multicast groups and choose how its own multicast datagrams go out
 * (Twisted's {@code IMulticastTransport}).
 *
 * <p>An interface is named by one of its literal IPv4 addresses, as in Twisted;
 * {@code ""} means "let the system choose", which here is the first interface that is up, supports
 * multicast and is not the loopback, or else the loopback.
 *
 * <p>Threading: reactor thread only.
 */
public interface MulticastTransport extends UDPTransport {
    /**
     * Joins the multicast group {@code group} on {@code interfaceAddress}, so datagrams sent to the
     * group reach this port (Twisted's {@code joinGroup}).
     *
     * @param group a literal IPv4 multicast address, such as {@code "225.0.0.250"}
     * @param interfaceAddress a literal address of the interface, or {@code ""}
     * @return fires with null once joined (already, since nothing is resolved); fails with
     *     {@link MulticastJoinError} if the system refuses, the address is not a multicast one, or
     *     no interface has that address
     */
    Deferred<Void> joinGroup(String group, String interfaceAddress);

    /**
     * Leaves a group joined with {@link #joinGroup} on the same interface (Twisted's
     * {@code leaveGroup}).
     *
     * @param group the group's literal address
     * @param interfaceAddress the interface it was joined on, or {@code ""}
     * @return fires with null once left; fails with {@link MulticastJoinError} if the group was not
     *     joined there
     */
    Deferred<Void> leaveGroup(String group, String interfaceAddress);

    /**
     * Sets how many hops this port's multicast datagrams may travel (IP_MULTICAST_TTL; Twisted's
     * {@code setTTL}); 1, the default, keeps them on the local network.
     *
     * @param ttl 0..255
     * @throws IllegalArgumentException if it is out of range
     */
    void setTTL(int ttl);

    /**
     * Returns the multicast time-to-live.
     *
     * @return the IP_MULTICAST_TTL setting
     */
    int getTTL();

    /**
     * Sets whether this host's own multicast datagrams are delivered back to its sockets in the
     * group, this one included (IP_MULTICAST_LOOP; Twisted's {@code setLoopbackMode}).
     *
     * @param enabled true to receive them (the system's default)
     */
    void setLoopbackMode(boolean enabled);

    /**
     * Tells whether this host's own multicast datagrams are looped back.
     *
     * @return the IP_MULTICAST_LOOP setting
     */
    boolean getLoopbackMode();

    /**
     * Chooses the interface multicast datagrams are sent from (IP_MULTICAST_IF; Twisted's
     * {@code setOutgoingInterface}).
     *
     * @param interfaceAddress a literal IPv4 address of one of this host's interfaces
     * @return fires with null once set; fails with {@link MulticastJoinError} if no interface has
     *     that address or the system refuses
     */
    Deferred<Void> setOutgoingInterface(String interfaceAddress);

    /**
     * Returns the address of the interface set with {@link #setOutgoingInterface}.
     *
     * @return its literal address, or {@code ""} if none was set
     */
    String getOutgoingInterface();
}
