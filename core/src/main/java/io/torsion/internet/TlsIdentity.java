package io.torsion.internet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private key with its certificate chain: what one end of a TLS connection proves itself with
 * (Twisted's {@code PrivateCertificate}). A server needs one; a client presents one only when the
 * server asks for a client certificate.
 *
 * <p>Threading: immutable (the key and certificates are not changed after construction).
 *
 * @param privateKey the private key
 * @param chain the certificate chain, the key's own certificate first, then its issuers
 */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    /**
     * Checks and copies the parts.
     *
     * @param privateKey the private key
     * @param chain the chain, leaf first
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if the chain is empty
     */
    public TlsIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs at least one certificate");
        }
    }

    /**
     * Reads the key entry {@code alias} of a key store (PKCS12 or JKS).
     *
     * @param keyStore the loaded key store
     * @param alias the entry's alias
     * @param password the entry's password
     * @return the identity
     * @throws IllegalArgumentException if there is no such key entry or it cannot be read
     */
    public static TlsIdentity fromKeyStore(KeyStore keyStore, String alias, char[] password) {
        try {
            if (!(keyStore.getKey(alias, password) instanceof PrivateKey key)) {
                throw new IllegalArgumentException("no private key entry named " + alias + " in the key store");
            }
            Certificate[] certs = keyStore.getCertificateChain(alias);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
            return new TlsIdentity(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read key entry " + alias + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses an unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC)
     * and a PEM certificate chain, leaf first (as Twisted's {@code privateKey=} / {@code certKey=}).
     *
     * @param privateKeyPem the key's PEM text
     * @param certificatesPem one or more PEM certificates
     * @return the identity
     * @throws IllegalArgumentException if either text cannot be parsed
     */
    public static TlsIdentity fromPem(String privateKeyPem, String certificatesPem) {
        Matcher m = PEM_KEY.matcher(privateKeyPem);
        if (!m.find()) {
            throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' block (PKCS#8, unencrypted) found");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PrivateKey key = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next algorithm: PKCS#8 names it inside, but KeyFactory needs it up front
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("the private key is not an RSA, EC or Ed25519 PKCS#8 key");
        }
        return new TlsIdentity(key, parseCertificates(certificatesPem));
    }

    /**
     * Reads {@link #fromPem(String, String)}'s two texts from files.
     *
     * @param privateKeyFile the PEM key file
     * @param certificatesFile the PEM certificate chain file
     * @return the identity
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if a file cannot be parsed
     */
    public static TlsIdentity fromPemFiles(Path privateKeyFile, Path certificatesFile) throws IOException {
        return fromPem(Files.readString(privateKeyFile, StandardCharsets.US_ASCII),
                Files.readString(certificatesFile, StandardCharsets.US_ASCII));
    }

    /**
     * Parses PEM (or DER) X.509 certificates.
     *
     * @param pem one or more certificates
     * @return them, in order
     * @throws IllegalArgumentException if none can be parsed
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate found in the PEM text");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot parse the certificates: " + e.getMessage(), e);
        }
    }
}
