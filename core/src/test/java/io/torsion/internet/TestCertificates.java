package io.torsion.internet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throwaway certificates made by the test run with the JDK's {@code keytool}, never committed:
 * two authorities ("Torsion Test CA", trusted by the tests, and "Torsion Untrusted Test CA") and
 * leaf certificates issued by them. Made once per JVM (about a dozen keytool runs, in parallel)
 * in a temporary directory that is deleted at once; the names are reserved test names (RFC 6761).
 */
public final class TestCertificates {
    /** The SNI name of {@link #second}. */
    public static final String SECOND_NAME = "second.torsion.test";

    private static final String PASSWORD = "torsion-test-only";
    private static TestCertificates instance;

    /** The trusted test authority. */
    public final X509Certificate ca;
    /** An authority no test trusts. */
    public final X509Certificate untrustedCa;
    /** A server identity for {@code localhost} and 127.0.0.1, issued by {@link #ca}. */
    public final TlsIdentity localhost;
    /** A server identity for {@value #SECOND_NAME} only, issued by {@link #ca}. */
    public final TlsIdentity second;
    /** A client identity ("Torsion Test Client"), issued by {@link #ca}. */
    public final TlsIdentity client;
    /** A server identity for {@code localhost}, issued by {@link #untrustedCa}. */
    public final TlsIdentity untrustedLocalhost;

    private TestCertificates(Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<Void> caMade = CompletableFuture.runAsync(() -> makeCa(dir, "ca", "Torsion Test CA"), pool);
            CompletableFuture<Void> otherCaMade = CompletableFuture.runAsync(
                    () -> makeCa(dir, "untrusted-ca", "Torsion Untrusted Test CA"), pool);
            var a = leaf(pool, dir, caMade, "ca", "localhost", "CN=localhost, O=Torsion Tests",
                    "SAN=dns:localhost,ip:127.0.0.1,ip:::1");
            var b = leaf(pool, dir, caMade, "ca", "second", "CN=" + SECOND_NAME + ", O=Torsion Tests",
                    "SAN=dns:" + SECOND_NAME);
            var c = leaf(pool, dir, caMade, "ca", "client", "CN=Torsion Test Client, O=Torsion Tests",
                    "SAN=dns:client.torsion.test");
            var d = leaf(pool, dir, otherCaMade, "untrusted-ca", "untrusted", "CN=localhost, O=Torsion Untrusted",
                    "SAN=dns:localhost,ip:127.0.0.1");
            CompletableFuture.allOf(a, b, c, d).get(300, TimeUnit.SECONDS);
            ca = certificate(dir.resolve("ca.p12"), "ca");
            untrustedCa = certificate(dir.resolve("untrusted-ca.p12"), "ca");
            localhost = identity(dir, "localhost", ca);
            second = identity(dir, "second", ca);
            client = identity(dir, "client", ca);
            untrustedLocalhost = identity(dir, "untrusted", untrustedCa);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Returns the certificates, making them on first use in this JVM. */
    public static synchronized TestCertificates get() {
        if (instance == null) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("torsion-test-certs");
                instance = new TestCertificates(dir);
            } catch (Exception e) {
                throw new IllegalStateException("could not make the test certificates with keytool", e);
            } finally {
                deleteQuietly(dir);
            }
        }
        return instance;
    }

    /** Server options for {@code localhost}. */
    public ServerTlsOptions serverOptions() {
        return ServerTlsOptions.withIdentity(localhost);
    }

    /** Client options for {@code localhost} that trust {@link #ca}. */
    public ClientTlsOptions clientOptions() {
        return clientOptions("localhost");
    }

    /** Client options for {@code host} that trust {@link #ca}. */
    public ClientTlsOptions clientOptions(String host) {
        return ClientTlsOptions.forHost(host).withTrustedCertificates(List.of(ca));
    }

    /**
     * Returns {@code key} as unencrypted PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}), the
     * form {@link TlsIdentity#fromPem} and {@code ssl:} descriptions read.
     */
    public static String keyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** Returns the certificates as concatenated PEM blocks, in order. */
    public static String certificatesPem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                out.append(pem("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode a test certificate", e);
            }
        }
        return out.toString();
    }

    /** Writes {@code text} to {@code file} (US-ASCII) and returns the file. */
    public static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static CompletableFuture<Void> leaf(ExecutorService pool, Path dir, CompletableFuture<Void> caMade,
            String caName, String name, String dname, String san) {
        CompletableFuture<Void> keyMade = CompletableFuture.runAsync(() -> keytool(dir, "-genkeypair", "-alias", "leaf",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "3",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD), pool);
        return keyMade.thenRunAsync(() -> keytool(dir, "-certreq", "-alias", "leaf", "-keystore", name + ".p12",
                        "-storepass", PASSWORD, "-file", name + ".csr"), pool)
                .thenCombine(caMade, (x, y) -> null)
                .thenRunAsync(() -> keytool(dir, "-gencert", "-alias", "ca", "-keystore", caName + ".p12",
                        "-storepass", PASSWORD, "-infile", name + ".csr", "-outfile", name + ".pem", "-rfc",
                        "-startdate", "-1d", "-validity", "3", "-ext", san,
                        "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth,clientAuth"), pool);
    }

    private static void makeCa(Path dir, String name, String cn) {
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + cn + ", O=Torsion Tests", "-ext", "bc:c", "-startdate", "-1d", "-validity", "4",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.add("-noprompt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n"
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static X509Certificate certificate(Path store, String alias) throws Exception {
        return (X509Certificate) load(store).getCertificate(alias);
    }

    private static TlsIdentity identity(Path dir, String name, X509Certificate issuer) throws Exception {
        PrivateKey key = (PrivateKey) load(dir.resolve(name + ".p12")).getKey("leaf", PASSWORD.toCharArray());
        X509Certificate leaf = TlsIdentity.parseCertificates(
                Files.readString(dir.resolve(name + ".pem"), StandardCharsets.US_ASCII)).get(0);
        return new TlsIdentity(key, List.of(leaf, issuer));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete the test certificates in " + dir + ": " + e);
        }
    }
}
