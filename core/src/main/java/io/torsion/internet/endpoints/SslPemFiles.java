package io.torsion.internet.endpoints;

import io.torsion.internet.TlsIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the PEM files that {@code ssl:} descriptions name, turning every problem into an
 * {@link EndpointFileError} that names the parameter and the file.
 *
 * <p>Threading: stateless; any thread (it blocks on file reads).
 */
final class SslPemFiles {
    // Twisted's _parseSSL picks certificates out of extraCertChain with this same pattern, so a
    // file that mixes a key and certificates (the classic combined server.pem) works everywhere.
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----\\r?\\n.+?\\r?\\n-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final String PKCS8_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final byte[] PROBE = "torsion key and certificate match probe".getBytes(StandardCharsets.US_ASCII);

    private SslPemFiles() {
    }

    /** Reads the key from one file and the chain (leaf first) from another, which may be the same. */
    static TlsIdentity identity(String keyParameter, String keyFile, String certParameter, String certFile) {
        List<X509Certificate> chain = certificates(certParameter, certFile);
        String keyText = read(keyParameter, keyFile);
        if (!keyText.contains(PKCS8_KEY)) {
            String hint = keyText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ? "the key is encrypted"
                    : keyText.contains(" PRIVATE KEY-----") ? "the key is in the old PKCS#1/SEC1 form"
                    : "no private key found";
            throw new EndpointFileError(keyParameter, keyFile, hint + "; an unencrypted PKCS#8 PEM key ('"
                    + PKCS8_KEY + "') is needed (convert with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW)", null);
        }
        TlsIdentity parsed;
        try {
            // the chain was checked above, so what fromPem still refuses is the key
            parsed = TlsIdentity.fromPem(keyText, pem(chain.get(0)));
        } catch (IllegalArgumentException e) {
            throw new EndpointFileError(keyParameter, keyFile, "cannot use the private key: " + e.getMessage(), e);
        }
        checkMatches(parsed.privateKey(), chain.get(0), keyParameter, keyFile, certParameter, certFile);
        return new TlsIdentity(parsed.privateKey(), chain);
    }

    /** Reads every PEM certificate in {@code file}; fails unless there is at least one. */
    static List<X509Certificate> certificates(String parameter, String file) {
        String text = read(parameter, file);
        Matcher m = CERTIFICATE.matcher(text);
        StringBuilder blocks = new StringBuilder();
        while (m.find()) {
            blocks.append(m.group()).append('\n');
        }
        if (blocks.length() == 0) {
            throw new EndpointFileError(parameter, file, "no PEM certificate ('-----BEGIN CERTIFICATE-----') found",
                    null);
        }
        try {
            return TlsIdentity.parseCertificates(blocks.toString());
        } catch (IllegalArgumentException e) {
            throw new EndpointFileError(parameter, file, e.getMessage(), e);
        }
    }

    /**
     * Reads the certificates of every {@code *.pem} file in {@code dir}, as Twisted's
     * {@code _loadCAsFromDir}: other files, and files that cannot be read or parsed, are skipped
     * (a directory such as /etc/ssl/certs holds assorted files); duplicates are dropped.
     */
    static List<X509Certificate> certificatesInDirectory(String parameter, String dir) {
        Path path = path(parameter, dir);
        if (!Files.isDirectory(path)) {
            throw new EndpointFileError(parameter, dir, "not a directory", null);
        }
        Set<X509Certificate> found = new LinkedHashSet<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path child : children.sorted().toList()) {
                if (!child.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pem")) {
                    continue;
                }
                found.addAll(certificatesOrNone(parameter, child));
            }
        } catch (IOException e) {
            throw new EndpointFileError(parameter, dir, "cannot list the directory: " + e, e);
        }
        if (found.isEmpty()) {
            throw new EndpointFileError(parameter, dir, "holds no readable PEM certificate in a *.pem file", null);
        }
        return new ArrayList<>(found);
    }

    private static List<X509Certificate> certificatesOrNone(String parameter, Path file) {
        try {
            return certificates(parameter, file.toString());
        } catch (EndpointFileError notACertificateFile) {
            // Twisted's _loadCAsFromDir skips unreadable and invalid files; none at all fails later
            return List.of();
        }
    }

    /** Reads a file as text; any failure names the parameter. */
    static String read(String parameter, String file) {
        try {
            return Files.readString(path(parameter, file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new EndpointFileError(parameter, file, "cannot read the file: " + e, e);
        }
    }

    private static Path path(String parameter, String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new EndpointFileError(parameter, file, "not a valid path: " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
        }
    }

    // OpenSSL refuses a key that does not belong to the certificate when the context is made
    // (SSL_CTX_check_private_key); the JDK would only fail the handshakes, so check here: sign a
    // probe with the key and verify it with the certificate's public key.
    private static void checkMatches(PrivateKey key, X509Certificate leaf, String keyParameter, String keyFile,
            String certParameter, String certFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException differentKeyType) {
            matches = false;
        }
        if (!matches) {
            throw new EndpointFileError(keyParameter, keyFile, "the private key does not belong to the certificate in "
                    + certParameter + "=" + certFile + " (" + leaf.getSubjectX500Principal() + ")", null);
        }
    }
}
