package io.torsion.internet;

/**
 * Thrown when an address given to a UDP port is not one it can use: a host name where a literal
 * IP address is needed, or an address of the other IP version (Twisted's
 * {@code error.InvalidAddressError}, also a {@code ValueError} there).
 *
 * <p>Threading: immutable.
 */
public class InvalidAddressError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the address and what is wrong with it
     * @param cause the lower-level error, or null
     */
    public InvalidAddressError(String message, Throwable cause) {
        super(message, cause);
    }
}
