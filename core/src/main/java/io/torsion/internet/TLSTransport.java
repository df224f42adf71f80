package io.torsion.internet;

/**
 * A TCP transport that can switch to TLS in the middle of a connection (Twisted's
 * {@code ITLSTransport}), as protocols such as SMTP's STARTTLS do.
 *
 * <pre>{@code
 * // in a protocol, after the peer agreed to start TLS:
 * SSLTransport tls = ((TLSTransport) transport()).startTLS(ClientTlsOptions.forHost("mail.example"));
 * transport().write(secret);   // encrypted: the transport now writes through TLS
 * }</pre>
 *
 * <p>Bytes written before {@link #startTLS} are sent in clear first; everything written after it
 * (through this same transport) is encrypted, and received bytes are decrypted before the
 * protocol's {@code dataReceived}. {@code loseConnection} then sends a TLS close_notify first.
 * Half-close ({@link #loseWriteConnection()}) is not available once TLS has started.
 *
 * <p>Threading: reactor thread only.
 */
public interface TLSTransport extends TcpTransport {
    /**
     * Starts a TLS handshake on this connection, as client or server as {@code options}' type says
     * (Twisted's {@code startTLS}). The protocol stays connected: its {@code connectionMade} does
     * not run again; a {@link HandshakeListener} protocol hears when the handshake is done, and a
     * failed handshake closes the connection with a {@link TlsError}.
     *
     * @param options the TLS settings
     * @return the view answering TLS questions (peer certificates, ALPN) about this connection
     * @throws IllegalStateException if TLS was started already or the connection is closing
     * @throws IllegalArgumentException if the options' keys or trust cannot be used
     */
    SSLTransport startTLS(TlsOptions options);
}
