package io.torsion.internet;

import java.util.Objects;

/**
 * The file-system name of a Unix domain socket (Twisted's {@code UNIXAddress}).
 *
 * <p>An unbound socket (Twisted's {@code UNIXAddress(None)}) has the empty name; ask with
 * {@link #isUnnamed()} rather than comparing strings.
 *
 * <p>Threading: immutable.
 *
 * @param name the socket's path, or the empty string for an unnamed socket
 */
public record UNIXAddress(String name) implements Address {
    /**
     * Creates the address.
     *
     * @param name the path, or empty for unnamed
     * @throws NullPointerException if {@code name} is null
     */
    public UNIXAddress {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Returns the address of an unnamed (unbound) socket.
     *
     * @return the address with the empty name
     */
    public static UNIXAddress unnamed() {
        return new UNIXAddress("");
    }

    /**
     * Tells whether this is the address of an unnamed socket.
     *
     * @return true if the name is empty
     */
    public boolean isUnnamed() {
        return name.isEmpty();
    }
}
