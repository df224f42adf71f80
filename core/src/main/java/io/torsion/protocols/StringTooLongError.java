package io.torsion.protocols;

/**
 * Thrown by {@code sendString} when a string is too long for the receiver's length prefix
 * (Twisted's {@code StringTooLongError}), for example 256 bytes for an
 * {@link Int8StringReceiver}.
 *
 * <p>Threading: immutable.
 */
public class StringTooLongError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the length and the maximum
     */
    public StringTooLongError(String message) {
        super(message);
    }
}
