package io.torsion.internet;

import java.util.Objects;

/**
 * A host name and port not yet resolved to an IP address, as a client endpoint's destination
 * (Twisted's {@code HostnameAddress}).
 *
 * <p>Threading: immutable.
 *
 * @param hostname the name to resolve
 * @param port the port, 0..65535
 */
public record HostnameAddress(String hostname, int port) implements Address {
    /**
     * Creates the address, checking its parts.
     *
     * @param hostname the name
     * @param port the port
     * @throws NullPointerException if {@code hostname} is null
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public HostnameAddress {
        Objects.requireNonNull(hostname, "hostname");
        Address.checkPort(port);
    }
}
