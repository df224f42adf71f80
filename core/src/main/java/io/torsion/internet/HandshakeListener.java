package io.torsion.internet;

/**
 * Lets a {@link Protocol} running over TLS hear that the handshake finished (Twisted's
 * {@code IHandshakeListener}). The protocol's {@code connectionMade} runs before the handshake,
 * as in Twisted; implement this to act once the peer is verified, for example to read
 * {@link SSLTransport#getPeerCertificates()} or the negotiated ALPN protocol.
 *
 * <p>Threading: reactor thread only.
 */
public interface HandshakeListener {
    /**
     * Reports that the handshake finished; the transport's TLS queries now have answers. Runs at
     * most once per connection, and never after {@code connectionLost}.
     */
    void handshakeCompleted();
}
