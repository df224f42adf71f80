package io.torsion.internet;

/**
 * Thrown by {@link ReactorTCP#listenTCP}, {@link ReactorUNIX#listenUNIX} and
 * {@link ReactorUDP#listenUDP} when the port cannot be opened: it is in use, the address is not
 * one of this host's, or the process lacks the permission (Twisted's
 * {@code error.CannotListenError}). The message names the interface and port; the cause is the
 * socket's error.
 *
 * <p>It is unchecked, unlike Java's {@link java.net.BindException}, because {@code listenTCP} is
 * usually called from a {@code Runnable} such as a {@code callWhenRunning} callback.
 *
 * <p>Threading: immutable.
 */
public class CannotListenError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String interfaceAddress;
    private final int port;

    /**
     * Creates the error.
     *
     * @param interfaceAddress the interface asked for, {@code ""} for all
     * @param port the port asked for
     * @param cause the socket's error
     */
    public CannotListenError(String interfaceAddress, int port, Throwable cause) {
        super("Couldn't listen on " + (interfaceAddress.isEmpty() ? "any" : interfaceAddress) + ":" + port
                + ": " + cause.getMessage() + ".", cause);
        this.interfaceAddress = interfaceAddress;
        this.port = port;
    }

    /**
     * Creates the error of a Unix domain socket that cannot listen at {@code path} (Twisted's
     * {@code CannotListenError(None, path, error)}); {@link #interfaceAddress()} is the path and
     * {@link #port()} is 0.
     *
     * @param path the socket file asked for
     * @param cause the socket's error
     */
    public CannotListenError(String path, Throwable cause) {
        super("Couldn't listen on " + path + ": " + cause.getMessage() + ".", cause);
        this.interfaceAddress = path;
        this.port = 0;
    }

    /**
     * Returns the interface that could not be listened on.
     *
     * @return the interface address as given, {@code ""} meaning all interfaces
     */
    public String interfaceAddress() {
        return interfaceAddress;
    }

    /**
     * Returns the port that could not be listened on.
     *
     * @return the port as given (0 for "any free port")
     */
    public int port() {
        return port;
    }
}
