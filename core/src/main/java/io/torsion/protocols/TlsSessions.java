package io.torsion.protocols;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Reads what a finished handshake agreed from an {@link SSLEngine}, for {@link TlsProtocol}'s transport. */
final class TlsSessions {
    private TlsSessions() {
    }

    /** The peer's chain, leaf first; empty if the peer sent none. */
    static List<X509Certificate> peerCertificates(SSLEngine engine) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : engine.getSession().getPeerCertificates()) {
                out.add((X509Certificate) c);
            }
            return List.copyOf(out);
        } catch (SSLPeerUnverifiedException noCertificate) {
            return List.of(); // a client that sent none
        }
    }

    /** The ALPN protocol, empty when none was negotiated (the JDK says "" or null). */
    static Optional<String> applicationProtocol(SSLEngine engine) {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    /** On a client the SNI name it sends; on a server the one requested, once the handshake is done. */
    static Optional<String> serverName(SSLEngine engine, boolean handshakeDone) {
        List<SNIServerName> names = List.of();
        if (engine.getUseClientMode()) {
            names = engine.getSSLParameters().getServerNames();
        } else if (handshakeDone && engine.getSession() instanceof ExtendedSSLSession s) {
            names = s.getRequestedServerNames();
        }
        for (SNIServerName n : names == null ? List.<SNIServerName>of() : names) {
            if (n instanceof SNIHostName host) {
                return Optional.of(host.getAsciiName());
            }
        }
        return Optional.empty();
    }
}
