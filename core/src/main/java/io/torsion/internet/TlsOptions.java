package io.torsion.internet;

import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Says how one end of a TLS connection sets up its {@code SSLEngine}: a {@link ClientTlsOptions}
 * or a {@link ServerTlsOptions} (Twisted's {@code IOpenSSLClientConnectionCreator} /
 * {@code IOpenSSLServerConnectionCreator}, made by {@code optionsForClientTLS} and
 * {@code CertificateOptions}).
 *
 * <p>Building a context is costly (keys are loaded, trust is set up); a listening port builds
 * one with {@link #newContext()} and then one engine per connection with
 * {@link #newEngine(SSLContext)}.
 *
 * <p>Threading: immutable.
 */
public sealed interface TlsOptions permits ClientTlsOptions, ServerTlsOptions {
    /**
     * Returns the TLS versions this end accepts.
     *
     * @return the versions, never empty
     */
    List<TlsVersion> versions();

    /**
     * Returns the ALPN protocol names this end offers (client) or accepts (server), most preferred
     * first; empty for no ALPN.
     *
     * @return the names, such as {@code ["h2", "http/1.1"]}
     */
    List<String> applicationProtocols();

    /**
     * Builds a JDK TLS context holding these options' keys and trust.
     *
     * @return a new context
     * @throws IllegalArgumentException if a key, certificate or trust anchor cannot be used
     */
    SSLContext newContext();

    /**
     * Makes an engine for one connection from a context that {@link #newContext()} built, set up
     * with these options' role, versions, ALPN, SNI, client-certificate and hostname-checking
     * settings.
     *
     * @param context the context
     * @return a new engine, not yet handshaking
     */
    SSLEngine newEngine(SSLContext context);
}
