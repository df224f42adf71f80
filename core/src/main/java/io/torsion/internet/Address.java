package io.torsion.internet;

/**
 * Names one end of a connection: where a transport is bound or whom it is talking to (Twisted's
 * {@code twisted.internet.address} and its {@code IAddress}).
 *
 * <p>The kinds are closed (IPv4, IPv6, Unix socket, unresolved host name), so code that looks
 * inside an address can handle every kind:
 * <pre>{@code
 * if (transport.getPeer() instanceof IPv4Address a) {
 *     log("from " + a.host() + ":" + a.port());
 * }
 * }</pre>
 *
 * <p>Threading: immutable.
 */
public sealed interface Address permits IPv4Address, IPv6Address, UNIXAddress, HostnameAddress {
    /**
     * Says which IP transport an {@link IPv4Address} or {@link IPv6Address} belongs to (Twisted's
     * {@code type} attribute, {@code "TCP"} or {@code "UDP"}).
     *
     * <p>Threading: immutable.
     */
    enum Type {
        /** A stream (TCP) address. */
        TCP,
        /** A datagram (UDP) address. */
        UDP
    }

    /**
     * Checks that {@code port} is a valid port number.
     *
     * @param port the port
     * @return the port
     * @throws IllegalArgumentException if it is outside 0..65535
     */
    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        return port;
    }
}
