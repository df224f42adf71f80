package io.torsion.internet;

/**
 * Thrown when a datagram is too long for the system to send (Twisted's
 * {@code error.MessageLengthError}, raised on {@code EMSGSIZE}).
 *
 * <p>Threading: immutable.
 */
public class MessageLengthError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was too long
     * @param cause the system's error
     */
    public MessageLengthError(String message, Throwable cause) {
        super(message, cause);
    }
}
