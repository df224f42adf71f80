package io.torsion.internet.internal;

import io.torsion.internet.ClientTlsOptions;
import io.torsion.internet.ServerTlsOptions;
import io.torsion.internet.TlsIdentity;
import io.torsion.internet.TlsOptions;
import io.torsion.internet.TlsVersion;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds JDK TLS contexts and engines from {@link TlsOptions}. Threading: any thread (stateless). */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * Builds a context with one optional identity (a client's) and the given trust anchors.
     *
     * @param identity the key and chain to present, if any
     * @param trust the trusted certificates; empty for the JDK's default trust store
     * @return the context
     * @throws IllegalArgumentException if the JDK refuses the keys or certificates
     */
    public static SSLContext context(Optional<TlsIdentity> identity, List<X509Certificate> trust) {
        Map<String, TlsIdentity> byAlias = new HashMap<>();
        identity.ifPresent(id -> byAlias.put(IdentityKeyManager.DEFAULT, id));
        return build(new IdentityKeyManager(byAlias, Map.of()), trust);
    }

    /**
     * Builds a server context: its identities, chosen by SNI, and its client trust.
     *
     * @param options the server's options
     * @return the context
     * @throws IllegalArgumentException if the JDK refuses the keys or certificates
     */
    public static SSLContext serverContext(ServerTlsOptions options) {
        Map<String, TlsIdentity> byAlias = new HashMap<>();
        Map<String, String> aliasByName = new HashMap<>();
        byAlias.put(IdentityKeyManager.DEFAULT, options.identity());
        options.sniIdentities().forEach((name, id) -> {
            String alias = "sni:" + name;
            byAlias.put(alias, id);
            aliasByName.put(name, alias);
        });
        return build(new IdentityKeyManager(byAlias, aliasByName), options.clientTrust());
    }

    private static SSLContext build(KeyManager keyManager, List<X509Certificate> trust) {
        try {
            TrustManager[] trustManagers = null; // null: the JDK's default trust store
            if (!trust.isEmpty()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : trust) {
                    store.setCertificateEntry("trusted-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(store);
                trustManagers = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, trustManagers, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Creates a client engine for {@code options}: hostname verification and SNI as they say.
     *
     * @param context the context built for them
     * @param options the client's options
     * @return a new engine in client mode
     */
    public static SSLEngine clientEngine(SSLContext context, ClientTlsOptions options) {
        SSLEngine engine = context.createSSLEngine(options.hostname(), -1);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        common(params, options);
        if (options.hostnameVerification() == ClientTlsOptions.HostnameVerification.ON) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(options.hostname())) {
            params.setServerNames(List.of(new SNIHostName(options.hostname())));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /**
     * Creates a server engine for {@code options}: client authentication as they say.
     *
     * @param context the context built for them
     * @param options the server's options
     * @return a new engine in server mode
     */
    public static SSLEngine serverEngine(SSLContext context, ServerTlsOptions options) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters params = engine.getSSLParameters();
        common(params, options);
        switch (options.clientAuth()) {
            case NONE -> params.setNeedClientAuth(false);
            case REQUESTED -> params.setWantClientAuth(true);
            case REQUIRED -> params.setNeedClientAuth(true);
            default -> throw new IllegalStateException("unknown client auth " + options.clientAuth());
        }
        engine.setSSLParameters(params);
        return engine;
    }

    private static void common(SSLParameters params, TlsOptions options) {
        params.setProtocols(options.versions().stream().map(TlsVersion::jdkName).toArray(String[]::new));
        params.setApplicationProtocols(options.applicationProtocols().toArray(String[]::new));
    }

    /**
     * True for an IPv4 or IPv6 literal, which is never sent as SNI (RFC 6066 §3). Decided by its
     * form alone: this runs on the reactor thread, where a name lookup must not happen.
     */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
}
