package io.torsion.internet;

import io.torsion.internet.internal.TlsContexts;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The client side's TLS settings: which server name to expect, which authorities to trust, and
 * what to offer (Twisted's {@code optionsForClientTLS}). Start from {@link #forHost(String)} and
 * change one setting at a time with the {@code with...} methods.
 *
 * <pre>{@code
 * ClientTlsOptions options = ClientTlsOptions.forHost("example.com")
 *         .withTrustedCertificates(List.of(myCa))
 *         .withApplicationProtocols("h2", "http/1.1");
 * }</pre>
 *
 * <p>Defaults, as Twisted's: the server's certificate must chain to a trusted authority (the JDK's
 * default trust store unless {@link #trustedCertificates()} is set) and must name
 * {@link #hostname()} (checked as HTTPS does, RFC 2818 / RFC 6125; an IP literal is matched
 * against the certificate's IP addresses); the host name is sent as SNI unless it is an IP
 * literal; TLS 1.2 and 1.3 are allowed; no ALPN; no client certificate.
 *
 * <p>BAD: {@code .withHostnameVerification(HostnameVerification.OFF)} to make a test pass; anyone
 * holding any certificate from a trusted authority can then impersonate the server. GOOD: trust a
 * test authority that issued a certificate naming the host.
 *
 * <p>Threading: immutable.
 *
 * @param hostname the server's name, sent as SNI and checked against its certificate
 * @param trustedCertificates the authorities to trust; empty for the JDK's default trust store
 * @param hostnameVerification whether the certificate must name {@code hostname}
 * @param clientIdentity the certificate to present if the server asks for one
 * @param applicationProtocols ALPN names offered, most preferred first
 * @param versions the TLS versions allowed
 */
public record ClientTlsOptions(String hostname, List<X509Certificate> trustedCertificates,
        HostnameVerification hostnameVerification, Optional<TlsIdentity> clientIdentity,
        List<String> applicationProtocols, List<TlsVersion> versions) implements TlsOptions {

    /**
     * Whether the client checks that the server's certificate names the host it meant to reach.
     *
     * <p>Threading: immutable.
     */
    public enum HostnameVerification {
        /** Check it (the default). */
        ON,
        /** Do not check it; the chain of trust is still checked. */
        OFF
    }

    /**
     * Checks and copies the settings.
     *
     * @param hostname the server's name
     * @param trustedCertificates the trust anchors, or empty for the JDK's
     * @param hostnameVerification whether to check the name
     * @param clientIdentity the client certificate, if any
     * @param applicationProtocols the ALPN names
     * @param versions the TLS versions, not empty
     * @throws NullPointerException if any is null
     * @throws IllegalArgumentException if {@code hostname} or {@code versions} is empty
     */
    public ClientTlsOptions {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isEmpty()) {
            throw new IllegalArgumentException("the host name must not be empty");
        }
        trustedCertificates = List.copyOf(trustedCertificates);
        Objects.requireNonNull(hostnameVerification, "hostnameVerification");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        applicationProtocols = List.copyOf(applicationProtocols);
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS version is needed");
        }
    }

    /**
     * Returns the default options for connecting to {@code hostname} (Twisted's
     * {@code optionsForClientTLS(hostname)}).
     *
     * @param hostname the server's DNS name or IP literal
     * @return options trusting the JDK's default authorities, checking the name
     */
    public static ClientTlsOptions forHost(String hostname) {
        return new ClientTlsOptions(hostname, List.of(), HostnameVerification.ON, Optional.empty(), List.of(),
                List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3));
    }

    /**
     * Returns a copy that trusts exactly {@code authorities} instead of the JDK's defaults
     * (Twisted's {@code trustRoot}).
     *
     * @param authorities the trust anchors, not empty
     * @return the new options
     * @throws IllegalArgumentException if the list is empty
     */
    public ClientTlsOptions withTrustedCertificates(List<X509Certificate> authorities) {
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("give at least one trusted certificate");
        }
        return new ClientTlsOptions(hostname, authorities, hostnameVerification, clientIdentity,
                applicationProtocols, versions);
    }

    /**
     * Returns a copy that trusts the certificate entries of {@code trustStore}.
     *
     * @param trustStore a loaded key store holding trusted certificates
     * @return the new options
     * @throws IllegalArgumentException if it holds no certificate or cannot be read
     */
    public ClientTlsOptions withTrustStore(KeyStore trustStore) {
        return withTrustedCertificates(certificatesOf(trustStore));
    }

    /**
     * Returns a copy with hostname verification set as given.
     *
     * @param verification ON (the default) or OFF
     * @return the new options
     */
    public ClientTlsOptions withHostnameVerification(HostnameVerification verification) {
        return new ClientTlsOptions(hostname, trustedCertificates, verification, clientIdentity,
                applicationProtocols, versions);
    }

    /**
     * Returns a copy that presents {@code identity} when the server asks for a client certificate
     * (Twisted's {@code clientCertificate}).
     *
     * @param identity the client's key and chain
     * @return the new options
     */
    public ClientTlsOptions withClientIdentity(TlsIdentity identity) {
        return new ClientTlsOptions(hostname, trustedCertificates, hostnameVerification, Optional.of(identity),
                applicationProtocols, versions);
    }

    /**
     * Returns a copy that offers these ALPN protocol names (Twisted's
     * {@code acceptableProtocols}).
     *
     * @param names the names, most preferred first
     * @return the new options
     */
    public ClientTlsOptions withApplicationProtocols(String... names) {
        return new ClientTlsOptions(hostname, trustedCertificates, hostnameVerification, clientIdentity,
                List.of(names), versions);
    }

    /**
     * Returns a copy that allows only these TLS versions (Twisted's
     * {@code raiseMinimumTo} / {@code lowerMaximumSecurityTo}).
     *
     * @param allowed the versions, at least one
     * @return the new options
     */
    public ClientTlsOptions withVersions(TlsVersion... allowed) {
        return new ClientTlsOptions(hostname, trustedCertificates, hostnameVerification, clientIdentity,
                applicationProtocols, List.of(allowed));
    }

    @Override
    public SSLContext newContext() {
        return TlsContexts.context(clientIdentity, trustedCertificates);
    }

    @Override
    public SSLEngine newEngine(SSLContext context) {
        return TlsContexts.clientEngine(context, this);
    }

    static List<X509Certificate> certificatesOf(KeyStore store) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate c = store.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            return out;
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("cannot read the trust store: " + e.getMessage(), e);
        }
    }
}
