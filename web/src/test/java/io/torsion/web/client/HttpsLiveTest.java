package io.torsion.web.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.ClientTlsOptions;
import io.torsion.internet.ServerTlsOptions;
import io.torsion.internet.TlsError;
import io.torsion.internet.TlsIdentity;
import io.torsion.web.Resource;
import io.torsion.web.Site;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** https through connectSSL: a trusted certificate works; a wrong name or an untrusted one fails. */
@Timeout(300)
class HttpsLiveTest {
    static final String PASSWORD = "torsion-test-only";

    @TempDir
    Path tmp;
    LiveServer live;

    @BeforeEach
    void start() throws Exception {
        live = new LiveServer();
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    /** A self-signed identity made with the JDK's keytool, valid for {@code san}. */
    TlsIdentity selfSigned(String name, String san) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-startdate", "-1d", "-validity", "3", "-keystore", name + ".p12",
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tmp.resolve(name + ".p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return new TlsIdentity((PrivateKey) ks.getKey("leaf", PASSWORD.toCharArray()),
                List.of((X509Certificate) ks.getCertificate("leaf")));
    }

    int serve(TlsIdentity identity) throws Exception {
        Resource root = new Resource();
        root.putChild("hello", AgentLiveTest.leaf("secure hello"));
        return LiveServer.port(live.call(() -> live.reactor.listenSSL(0, new Site(root, live.reactor),
                ServerTlsOptions.withIdentity(identity), "127.0.0.1")));
    }

    HttpAgent trusting(X509Certificate anchor) throws Exception {
        return live.call(() -> new HttpAgent(live.reactor, new HttpConnectionPool(live.reactor, false),
                AgentOptions.defaults().withTlsOptions(host -> ClientTlsOptions.forHost(host)
                        .withTrustedCertificates(List.of(anchor)))));
    }

    @Test
    void trustedCertificateNamingTheHostWorksAndOtherNamesFail() throws Exception {
        TlsIdentity id = selfSigned("localhost", "dns:localhost,ip:127.0.0.1");
        int port = serve(id);
        HttpAgent agent = trusting(id.chain().get(0));
        byte[] body = live.await(() -> Client.getPage(agent, "https://localhost:" + port + "/hello"));
        assertEquals("secure hello", new String(body, StandardCharsets.UTF_8));

        TlsIdentity other = selfSigned("other", "dns:other.torsion.test");
        int otherPort = serve(other);
        HttpAgent trustsOther = trusting(other.chain().get(0));
        Exception e = assertThrows(Exception.class,
                () -> live.await(() -> Client.getPage(trustsOther, "https://localhost:" + otherPort + "/hello")));
        assertTrue(e instanceof TlsError || e.getCause() instanceof TlsError, "hostname mismatch: " + e);
    }

    @Test
    void untrustedCertificateFailsByDefault() throws Exception {
        TlsIdentity id = selfSigned("localhost", "dns:localhost,ip:127.0.0.1");
        int port = serve(id);
        Exception e = assertThrows(Exception.class,
                () -> live.await(() -> Client.getPage(live.reactor, "https://localhost:" + port + "/hello")));
        assertTrue(e instanceof TlsError || e.getCause() instanceof TlsError, "untrusted: " + e);
    }
}
