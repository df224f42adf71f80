package io.torsion.internet;

import java.util.Objects;

/**
 * An IPv6 host and port, for TCP or UDP, with flow information and scope (Twisted's
 * {@code IPv6Address}).
 *
 * <p>Threading: immutable.
 *
 * @param type TCP or UDP
 * @param host the address in text form, such as {@code ::1}
 * @param port the port, 0..65535
 * @param flowInfo the IPv6 flow information, 0 when unused
 * @param scopeId the scope (interface) id, 0 when unused
 */
public record IPv6Address(Address.Type type, String host, int port, int flowInfo, int scopeId) implements Address {
    /**
     * Creates the address, checking its parts.
     *
     * @param type TCP or UDP
     * @param host the host
     * @param port the port
     * @param flowInfo the flow information
     * @param scopeId the scope id
     * @throws NullPointerException if {@code type} or {@code host} is null
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public IPv6Address {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Address.checkPort(port);
    }

    /**
     * Returns a TCP address with no flow information and no scope.
     *
     * @param host the host
     * @param port the port
     * @return the address
     */
    public static IPv6Address tcp(String host, int port) {
        return new IPv6Address(Address.Type.TCP, host, port, 0, 0);
    }
}
