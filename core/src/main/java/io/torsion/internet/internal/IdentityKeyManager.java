package io.torsion.internet.internal;

import io.torsion.internet.TlsIdentity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers the identities of a {@link io.torsion.internet.TlsOptions} to the JDK: on a server, the
 * one named by the client's SNI request, else the default; on a client, its one identity.
 * Threading: immutable; the JDK may call it from any thread.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
    static final String DEFAULT = "default";

    private final Map<String, TlsIdentity> byAlias;
    private final Map<String, String> aliasByName;

    IdentityKeyManager(Map<String, TlsIdentity> byAlias, Map<String, String> aliasByName) {
        this.byAlias = Map.copyOf(byAlias);
        this.aliasByName = Map.copyOf(aliasByName);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String alias = DEFAULT;
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        if (session instanceof ExtendedSSLSession ext) {
            for (SNIServerName name : ext.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                    String host = ((SNIHostName) name).getAsciiName().toLowerCase(Locale.ROOT);
                    alias = aliasByName.getOrDefault(host, DEFAULT);
                }
            }
        }
        return fits(alias, keyType) ? alias : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        for (String keyType : keyTypes) {
            if (fits(DEFAULT, keyType)) {
                return DEFAULT;
            }
        }
        return null;
    }

    private boolean fits(String alias, String keyType) {
        TlsIdentity id = byAlias.get(alias);
        if (id == null) {
            return false;
        }
        String algorithm = id.privateKey().getAlgorithm();
        return algorithm.equalsIgnoreCase(keyType)
                || (keyType.equalsIgnoreCase("RSASSA-PSS") && algorithm.equalsIgnoreCase("RSA"))
                || (keyType.startsWith("EC") && algorithm.equalsIgnoreCase("EC"))
                || (keyType.startsWith("RSA") && algorithm.equalsIgnoreCase("RSA"));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(DEFAULT, keyType) ? new String[] {DEFAULT} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseEngineClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return byAlias.keySet().stream().filter(a -> fits(a, keyType)).toArray(String[]::new);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(DEFAULT, keyType) ? DEFAULT : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TlsIdentity id = byAlias.get(alias);
        return id == null ? null : id.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TlsIdentity id = byAlias.get(alias);
        return id == null ? null : id.privateKey();
    }
}
