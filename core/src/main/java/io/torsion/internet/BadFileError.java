package io.torsion.internet;

/**
 * Reports that the file of a Unix socket is no good: asked to check the server's lock
 * ({@code checkPID}), {@link ReactorUNIX#connectUNIX(String, ClientFactory, double, boolean)} found
 * no live process holding it (Twisted's {@code error.BadFileError}).
 *
 * <p>Threading: immutable.
 */
public class BadFileError extends ConnectError {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which file and why
     */
    public BadFileError(String message) {
        super(message);
    }
}
