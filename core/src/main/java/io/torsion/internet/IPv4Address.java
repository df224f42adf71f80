package io.torsion.internet;

import java.util.Objects;

/**
 * An IPv4 host and port, for TCP or UDP (Twisted's {@code IPv4Address}).
 *
 * <p>Threading: immutable.
 *
 * @param type TCP or UDP
 * @param host the dotted-quad address, or a host name where Twisted also allows one
 * @param port the port, 0..65535
 */
public record IPv4Address(Address.Type type, String host, int port) implements Address {
    /**
     * Creates the address, checking its parts.
     *
     * @param type TCP or UDP
     * @param host the host
     * @param port the port
     * @throws NullPointerException if {@code type} or {@code host} is null
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public IPv4Address {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Address.checkPort(port);
    }

    /**
     * Returns a TCP address.
     *
     * @param host the host
     * @param port the port
     * @return the address
     */
    public static IPv4Address tcp(String host, int port) {
        return new IPv4Address(Address.Type.TCP, host, port);
    }
}
