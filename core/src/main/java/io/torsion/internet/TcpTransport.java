package io.torsion.internet;

/**
 * A {@link Transport} over TCP, adding socket options and half-close (Twisted's
 * {@code ITCPTransport}).
 *
 * <p>Half-close: {@link #loseWriteConnection()} sends everything written so far and then shuts
 * down this side's output; the peer sees end-of-input but may keep writing to us. A protocol that
 * implements {@link HalfCloseableProtocol} is told of each half; one that does not treats the
 * peer's end-of-input as a full close.
 *
 * <p>Threading: reactor thread only.
 */
public interface TcpTransport extends Transport {
    /**
     * Closes only the writing half of the connection, after sending everything written so far.
     */
    void loseWriteConnection();

    /**
     * Turns Nagle's algorithm off ({@code true}) or on ({@code false}) (socket option TCP_NODELAY).
     *
     * @param enabled whether small writes are sent without delay
     */
    void setTcpNoDelay(boolean enabled);

    /**
     * Tells whether TCP_NODELAY is on.
     *
     * @return true if small writes are sent without delay
     */
    boolean getTcpNoDelay();

    /**
     * Turns TCP keep-alive probes on or off (socket option SO_KEEPALIVE).
     *
     * @param enabled whether idle connections are probed
     */
    void setTcpKeepAlive(boolean enabled);

    /**
     * Tells whether SO_KEEPALIVE is on.
     *
     * @return true if idle connections are probed
     */
    boolean getTcpKeepAlive();
}
