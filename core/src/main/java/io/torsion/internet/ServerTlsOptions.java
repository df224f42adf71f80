package io.torsion.internet;

import io.torsion.internet.internal.TlsContexts;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The server side's TLS settings: the certificate it proves itself with (one per SNI name if
 * wanted), whether it asks clients for certificates, and what it accepts (Twisted's
 * {@code CertificateOptions} / {@code PrivateCertificate.options()}). Start from
 * {@link #withIdentity(TlsIdentity)} and change one setting at a time with the {@code with...}
 * methods.
 *
 * <pre>{@code
 * ServerTlsOptions options = ServerTlsOptions.withIdentity(TlsIdentity.fromPemFiles(key, chain))
 *         .withApplicationProtocols("h2", "http/1.1");
 * reactor.listenSSL(443, factory, options);
 * }</pre>
 *
 * <p>SNI: when a client asks for a name that {@link #sniIdentities()} holds (compared without
 * case), that identity is used; otherwise the default {@link #identity()}. ALPN: the first name
 * of {@link #applicationProtocols()} that the client also offers is chosen; a client offering
 * only others fails the handshake (RFC 7301 §3.2).
 *
 * <p>Threading: immutable.
 *
 * @param identity the default key and certificate chain
 * @param sniIdentities identities by lower-case SNI host name
 * @param clientAuth whether client certificates are asked for
 * @param clientTrust the authorities client certificates must chain to; empty for the JDK's
 * @param applicationProtocols ALPN names accepted, most preferred first
 * @param versions the TLS versions allowed
 */
public record ServerTlsOptions(TlsIdentity identity, Map<String, TlsIdentity> sniIdentities, ClientAuth clientAuth,
        List<X509Certificate> clientTrust, List<String> applicationProtocols, List<TlsVersion> versions)
        implements TlsOptions {

    /**
     * Whether the server asks the client for a certificate (Twisted's {@code verify} and
     * {@code requireCertificate} options, as one setting).
     *
     * <p>Threading: immutable.
     */
    public enum ClientAuth {
        /** Do not ask (the default). */
        NONE,
        /** Ask; a client without one may still connect, and one with an untrusted one is refused. */
        REQUESTED,
        /** Ask and refuse a client that has none. */
        REQUIRED
    }

    /**
     * Checks and copies the settings.
     *
     * @param identity the default identity
     * @param sniIdentities identities by SNI name
     * @param clientAuth whether to ask for client certificates
     * @param clientTrust the trust anchors for client certificates, or empty
     * @param applicationProtocols the ALPN names
     * @param versions the TLS versions, not empty
     * @throws NullPointerException if any is null
     * @throws IllegalArgumentException if {@code versions} is empty
     */
    public ServerTlsOptions {
        Objects.requireNonNull(identity, "identity");
        Map<String, TlsIdentity> lower = new HashMap<>();
        sniIdentities.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v, k)));
        sniIdentities = Map.copyOf(lower);
        Objects.requireNonNull(clientAuth, "clientAuth");
        clientTrust = List.copyOf(clientTrust);
        applicationProtocols = List.copyOf(applicationProtocols);
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS version is needed");
        }
    }

    /**
     * Returns options serving {@code identity} to every client, with TLS 1.2 and 1.3, no client
     * certificates and no ALPN.
     *
     * @param identity the server's key and chain
     * @return the options
     */
    public static ServerTlsOptions withIdentity(TlsIdentity identity) {
        return new ServerTlsOptions(identity, Map.of(), ClientAuth.NONE, List.of(), List.of(),
                List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3));
    }

    /**
     * Returns a copy that serves {@code identity} to clients asking for {@code serverName} by SNI.
     *
     * @param serverName the host name, compared without case
     * @param identity the key and chain for it
     * @return the new options
     */
    public ServerTlsOptions withSniIdentity(String serverName, TlsIdentity identity) {
        Map<String, TlsIdentity> more = new HashMap<>(sniIdentities);
        more.put(serverName.toLowerCase(Locale.ROOT), identity);
        return new ServerTlsOptions(this.identity, more, clientAuth, clientTrust, applicationProtocols, versions);
    }

    /**
     * Returns a copy that asks for client certificates as {@code auth} says, checked against
     * {@code authorities} (Twisted's {@code verify=True, caCerts=...}).
     *
     * @param auth REQUESTED or REQUIRED (NONE turns it off)
     * @param authorities the trust anchors for client certificates; empty for the JDK's defaults
     * @return the new options
     */
    public ServerTlsOptions withClientAuth(ClientAuth auth, List<X509Certificate> authorities) {
        return new ServerTlsOptions(identity, sniIdentities, auth, authorities, applicationProtocols, versions);
    }

    /**
     * As {@link #withClientAuth(ClientAuth, List)} with the certificate entries of a trust store.
     *
     * @param auth REQUESTED or REQUIRED
     * @param trustStore a loaded key store holding trusted certificates
     * @return the new options
     */
    public ServerTlsOptions withClientAuth(ClientAuth auth, KeyStore trustStore) {
        return withClientAuth(auth, ClientTlsOptions.certificatesOf(trustStore));
    }

    /**
     * Returns a copy that accepts these ALPN protocol names (Twisted's {@code acceptableProtocols}).
     *
     * @param names the names, most preferred first
     * @return the new options
     */
    public ServerTlsOptions withApplicationProtocols(String... names) {
        return new ServerTlsOptions(identity, sniIdentities, clientAuth, clientTrust, List.of(names), versions);
    }

    /**
     * Returns a copy that allows only these TLS versions.
     *
     * @param allowed the versions, at least one
     * @return the new options
     */
    public ServerTlsOptions withVersions(TlsVersion... allowed) {
        return new ServerTlsOptions(identity, sniIdentities, clientAuth, clientTrust, applicationProtocols,
                List.of(allowed));
    }

    @Override
    public SSLContext newContext() {
        return TlsContexts.serverContext(this);
    }

    @Override
    public SSLEngine newEngine(SSLContext context) {
        return TlsContexts.serverEngine(context, this);
    }
}
