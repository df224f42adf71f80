package io.torsion.internet;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Transport} that carries its bytes over TLS and can say what the handshake agreed
 * (Twisted's {@code ISSLTransport}, with {@code getPeerCertificate} and
 * {@code negotiatedProtocol}).
 *
 * <p>Before {@link #isHandshakeDone()} the queries return empty results; writes made before then
 * are sent, encrypted, once the handshake finishes.
 *
 * <p>Threading: reactor thread only.
 */
public interface SSLTransport extends Transport {
    /**
     * Tells whether the TLS handshake has finished.
     *
     * @return true once keys are agreed and the peer is verified
     */
    boolean isHandshakeDone();

    /**
     * Returns the certificate chain the peer proved itself with, its own certificate first
     * (Twisted's {@code getPeerCertificate}, which returns only the first).
     *
     * @return the chain; empty before the handshake, or when a client sent no certificate
     */
    List<X509Certificate> getPeerCertificates();

    /**
     * Returns the ALPN protocol the handshake chose (Twisted's {@code negotiatedProtocol}).
     *
     * @return the protocol name; empty before the handshake or when none was negotiated
     */
    Optional<String> getNegotiatedProtocol();

    /**
     * Returns the negotiated TLS version.
     *
     * @return the version; empty before the handshake
     */
    Optional<TlsVersion> getTlsVersion();

    /**
     * Returns the SNI host name: on a client the one it sent, on a server the one the client asked
     * for.
     *
     * @return the name; empty if none was sent (or, on a server, before the handshake)
     */
    Optional<String> getServerName();
}
