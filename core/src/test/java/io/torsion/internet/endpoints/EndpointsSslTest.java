package io.torsion.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ClientTlsOptions;
import io.torsion.internet.Factory;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Protocol;
import io.torsion.internet.SelectorReactor;
import io.torsion.internet.ServerTlsOptions;
import io.torsion.internet.TestCertificates;
import io.torsion.internet.TlsError;
import io.torsion.internet.TlsVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssl: descriptions over real loopback TCP, with PEM files the test writes from
 * {@link TestCertificates}; and every way the files named by the parameters can be wrong. Every
 * wait is bounded.
 */
@Timeout(120)
class EndpointsSslTest {
    private static final int WAIT_SECONDS = 60;
    private static final List<TlsVersion> BOTH = List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3);
    private static TestCertificates certs;
    private final SelectorReactor reactor = new SelectorReactor();
    private Thread thread;
    @TempDir
    Path dir;
    private Path key;
    private Path leaf;
    private Path ca;
    private Path combined;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.get();
    }

    @BeforeEach
    void start() throws Exception {
        key = TestCertificates.write(dir.resolve("key.pem"), TestCertificates.keyPem(certs.localhost.privateKey()));
        leaf = TestCertificates.write(dir.resolve("leaf.pem"),
                TestCertificates.certificatesPem(certs.localhost.chain().subList(0, 1)));
        ca = TestCertificates.write(dir.resolve("ca.pem"), TestCertificates.certificatesPem(List.of(certs.ca)));
        combined = TestCertificates.write(dir.resolve("server.pem"),
                TestCertificates.keyPem(certs.localhost.privateKey())
                        + TestCertificates.certificatesPem(certs.localhost.chain()));
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "endpoints-ssl-test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(30, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() throws Exception {
        reactor.callFromThread(reactor::stop);
        thread.join(30_000);
    }

    /** Escapes a path for a description. */
    private static String e(Path p) {
        return p.toString().replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    /** Sends "ping", records the echo and how the connection ended. */
    static final class TlsClient extends Protocol {
        final CompletableFuture<String> echoed = new CompletableFuture<>();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            transport().write("ping".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void dataReceived(byte[] data) {
            echoed.complete(new String(data, StandardCharsets.US_ASCII));
            transport().loseConnection();
        }

        @Override
        public void connectionLost(Failure reason) {
            lost.complete(reason);
        }
    }

    private int listen(String description) throws Exception {
        ListeningPort port = reactor.blockingCallFromThreadDeferred(() -> Endpoints.serverFromString(reactor,
                description).listen(Factory.forProtocol(EndpointsTcpTest.Echo::new)));
        return ((IPv4Address) port.getHost()).port();
    }

    private TlsClient connect(String description) throws Exception {
        return reactor.blockingCallFromThreadDeferred(() -> Endpoints.clientFromString(reactor, description)
                .connect(Factory.forProtocol(TlsClient::new)));
    }

    private TlsError.Kind failedHandshake(TlsClient c) throws Exception {
        Failure f = c.lost.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(TlsError.class, f.value(), String.valueOf(f));
        assertFalse(c.echoed.isDone(), "no application data may pass a failed handshake");
        return ((TlsError) f.value()).kind();
    }

    @Test
    void echoWithSeparateFilesExtraChainAndCaCertsDir() throws Exception {
        int port = listen("ssl:0:interface=127.0.0.1:privateKey=" + e(key) + ":certKey=" + e(leaf)
                + ":extraCertChain=" + e(ca));
        Path cas = Files.createDirectory(dir.resolve("cas"));
        Files.copy(ca, cas.resolve("test-ca.PEM"));
        TestCertificates.write(cas.resolve("README.txt"), "not a certificate");
        TestCertificates.write(cas.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");
        TlsClient c = connect("ssl:host=localhost:port=" + port + ":caCertsDir=" + e(cas) + ":timeout=10");
        assertEquals("ping", c.echoed.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void echoWithCombinedServerPemAndCaCertsFile() throws Exception {
        int port = listen("ssl:0:interface=127.0.0.1:privateKey=" + e(combined));
        TlsClient c = connect("ssl:127.0.0.1:" + port + ":hostname=localhost:caCertsFile=" + e(ca));
        assertEquals("ping", c.echoed.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void sslmethodLimitsTheVersionsServed() throws Exception {
        int port = listen("ssl:0:interface=127.0.0.1:privateKey=" + e(combined) + ":sslmethod=TLSv1_2_METHOD");
        TlsClient c = connect("ssl:host=localhost:port=" + port + ":caCertsFile=" + e(ca));
        assertEquals("ping", c.echoed.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(TlsVersion.TLS_1_2), new SslServerOptions(443, key.toString(), leaf.toString(), "", 50,
                null, null, List.of(TlsVersion.TLS_1_2)).toTlsOptions().versions());
    }

    @Test
    void hostnameMismatchFailsWithTlsError() throws Exception {
        int port = listen("ssl:0:interface=127.0.0.1:privateKey=" + e(combined));
        TlsClient c = connect("ssl:host=127.0.0.1:port=" + port + ":hostname=" + TestCertificates.SECOND_NAME
                + ":caCertsFile=" + e(ca));
        assertEquals(TlsError.Kind.HOSTNAME_MISMATCH, failedHandshake(c));
    }

    @Test
    void hostIsVerifiedWhenNoHostnameIsGiven() throws Exception {
        Path second = TestCertificates.write(dir.resolve("second.pem"),
                TestCertificates.keyPem(certs.second.privateKey()) + TestCertificates.certificatesPem(certs.second.chain()));
        int port = listen("ssl:0:interface=127.0.0.1:privateKey=" + e(second));
        TlsClient c = connect("ssl:host=localhost:port=" + port + ":caCertsFile=" + e(ca));
        assertEquals(TlsError.Kind.HOSTNAME_MISMATCH, failedHandshake(c));
    }

    @Test
    void withoutCaParametersTheJdkTrustStoreIsUsed() throws Exception {
        int port = listen("ssl:0:interface=127.0.0.1:privateKey=" + e(combined));
        TlsClient c = connect("ssl:host=localhost:port=" + port);
        assertEquals(TlsError.Kind.UNTRUSTED_CERTIFICATE, failedHandshake(c));
    }

    @Test
    void missingKeyFileFailsListenNamingParameterAndFile() {
        Path missing = dir.resolve("missing.pem");
        EndpointFileError err = assertThrows(EndpointFileError.class, () -> listen(
                "ssl:0:interface=127.0.0.1:privateKey=" + e(missing) + ":certKey=" + e(leaf)));
        assertEquals("privateKey", err.parameter());
        assertEquals(missing.toString(), err.file());
        assertTrue(err.getMessage().startsWith("privateKey=" + missing + ": cannot read"), err.getMessage());
    }

    @Test
    void missingCaFileFailsConnect() {
        Path missing = dir.resolve("no-ca.pem");
        EndpointFileError err = assertThrows(EndpointFileError.class,
                () -> connect("ssl:host=localhost:port=443:caCertsFile=" + e(missing)));
        assertEquals("caCertsFile", err.parameter());
    }

    // The conversions alone, without sockets.

    private static SslServerOptions server(Path privateKey, Path certKey) {
        return new SslServerOptions(443, privateKey.toString(), certKey.toString(), "", 50, null, null, BOTH);
    }

    private static SslClientOptions client(String certKey, String privateKey, String caCertsDir, String caCertsFile) {
        return new SslClientOptions("localhost", 443, 30, null, certKey, privateKey, caCertsDir, caCertsFile,
                "localhost");
    }

    private static EndpointFileError fileError(String parameter, Runnable r) {
        EndpointFileError err = assertThrows(EndpointFileError.class, r::run);
        assertEquals(parameter, err.parameter(), err.getMessage());
        assertTrue(err.getMessage().contains(err.file()), err.getMessage());
        return err;
    }

    @Test
    void serverOptionsCarryTheWholeChain() {
        ServerTlsOptions o = new SslServerOptions(443, key.toString(), leaf.toString(), "", 50, ca.toString(), null, BOTH)
                .toTlsOptions();
        assertEquals(certs.localhost.chain(), o.identity().chain());
        assertEquals(certs.localhost.chain(), server(combined, combined).toTlsOptions().identity().chain());
    }

    @Test
    void certificateFileWithoutCertificates() {
        EndpointFileError err = fileError("certKey", () -> server(key, key).toTlsOptions());
        assertTrue(err.getMessage().contains("no PEM certificate"), err.getMessage());
    }

    @Test
    void keyFileWithoutKey() {
        EndpointFileError err = fileError("privateKey", () -> server(leaf, leaf).toTlsOptions());
        assertTrue(err.getMessage().contains("no private key found"), err.getMessage());
    }

    @Test
    void oldStyleKeyGetsAConversionHint() throws Exception {
        Path rsa = TestCertificates.write(dir.resolve("rsa.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        EndpointFileError err = fileError("privateKey", () -> server(rsa, leaf).toTlsOptions());
        assertTrue(err.getMessage().contains("openssl pkcs8 -topk8"), err.getMessage());
    }

    @Test
    void corruptKey() throws Exception {
        Path bad = TestCertificates.write(dir.resolve("bad-key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n");
        fileError("privateKey", () -> server(bad, leaf).toTlsOptions());
    }

    @Test
    void keyOfAnotherCertificate() throws Exception {
        Path other = TestCertificates.write(dir.resolve("other-key.pem"),
                TestCertificates.keyPem(certs.second.privateKey()));
        EndpointFileError err = fileError("privateKey", () -> server(other, leaf).toTlsOptions());
        assertTrue(err.getMessage().contains("does not belong to the certificate in certKey=" + leaf),
                err.getMessage());
    }

    @Test
    void extraCertChainWithoutCertificates() {
        fileError("extraCertChain", () -> new SslServerOptions(443, key.toString(), leaf.toString(), "", 50,
                key.toString(), null, BOTH).toTlsOptions());
    }

    @Test
    void dhParametersMustBeReadableAndAreOtherwiseIgnored() throws Exception {
        Path dh = TestCertificates.write(dir.resolve("dh.pem"), "-----BEGIN DH PARAMETERS-----\n-----END DH PARAMETERS-----\n");
        new SslServerOptions(443, key.toString(), leaf.toString(), "", 50, null, dh.toString(), BOTH).toTlsOptions();
        fileError("dhParameters", () -> new SslServerOptions(443, key.toString(), leaf.toString(), "", 50, null,
                dir.resolve("no-dh.pem").toString(), BOTH).toTlsOptions());
    }

    @Test
    void caCertsDirProblems() throws Exception {
        EndpointFileError missing = fileError("caCertsDir",
                () -> client(null, null, dir.resolve("nowhere").toString(), null).toTlsOptions());
        assertTrue(missing.getMessage().contains("not a directory"), missing.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        TestCertificates.write(empty.resolve("ca.crt"), TestCertificates.certificatesPem(List.of(certs.ca)));
        EndpointFileError none = fileError("caCertsDir", () -> client(null, null, empty.toString(), null).toTlsOptions());
        assertTrue(none.getMessage().contains("no readable PEM certificate"), none.getMessage());
    }

    @Test
    void clientOptionsTrustTheGivenAuthoritiesAndVerifyTheHostname() {
        ClientTlsOptions o = client(null, null, null, ca.toString()).toTlsOptions();
        assertEquals(List.of(certs.ca), o.trustedCertificates());
        assertEquals(ClientTlsOptions.HostnameVerification.ON, o.hostnameVerification());
        assertEquals("localhost", o.hostname());
        assertTrue(client(null, null, null, null).toTlsOptions().trustedCertificates().isEmpty());
    }

    @Test
    void clientCertificateFromOneOrTwoFiles() {
        assertEquals(certs.localhost.chain(), client(combined.toString(), null, null, null).toTlsOptions()
                .clientIdentity().orElseThrow().chain());
        assertEquals(certs.localhost.chain().get(0), client(leaf.toString(), key.toString(), null, null)
                .toTlsOptions().clientIdentity().orElseThrow().chain().get(0));
        fileError("certKey", () -> client(leaf.toString(), null, null, null).toTlsOptions());
        fileError("privateKey", () -> client(null, key.toString(), null, null).toTlsOptions());
    }

    @Test
    void badClientDescriptions() {
        for (String d : List.of("ssl:host=localhost:port=443:privateKey=k.pem",
                "ssl:host=localhost:port=443:hostname=",
                "ssl:host=localhost:port=443:sslmethod=TLSv1_2_METHOD",
                "ssl:host=localhost")) {
            assertThrows(EndpointDescriptionError.class, () -> Endpoints.clientFromString(reactor, d), d);
        }
    }
}
