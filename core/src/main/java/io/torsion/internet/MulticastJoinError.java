package io.torsion.internet;

/**
 * Reports that a multicast group could not be joined or left, or an interface could not be chosen
 * (Twisted's {@code error.MulticastJoinError}); the message names the group and the interface.
 *
 * <p>Threading: immutable.
 */
public class MulticastJoinError extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what could not be done
     * @param cause the system's error, or null
     */
    public MulticastJoinError(String message, Throwable cause) {
        super(message, cause);
    }
}
