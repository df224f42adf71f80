package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.SelectorReactorTcpTest.RecordingClientFactory;
import io.torsion.internet.internal.TcpConnection;
import io.torsion.protocols.TlsProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS over real loopback TCP (Twisted's {@code test_ssl.py}): {@code listenSSL} /
 * {@code connectSSL}, failures reported to the protocol and the factory, bytes that are not TLS,
 * {@code startTLS} after a clear-text exchange, and flow control against a peer that stops
 * reading. Every wait is bounded.
 */
@Timeout(120)
class SelectorReactorSslTest {
    private static TestCertificates certs;
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));
    private ReactorRunner runner;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.get();
    }

    @BeforeEach
    void start() throws Exception {
        runner = ReactorRunner.start(reactor);
    }

    @AfterEach
    void stop() throws Exception {
        runner.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        TransportHarness.await(runner, what, condition);
    }

    private int listenSSL(ServerTlsOptions options, Supplier<? extends Protocol> server) throws Exception {
        return Tcp.portOf(runner.call(() -> reactor.listenSSL(0, ServerFactory.forProtocol(server), options,
                "127.0.0.1")));
    }

    private static TlsError.Kind kind(Failure f) {
        assertInstanceOf(TlsError.class, f.value(), String.valueOf(f));
        return ((TlsError) f.value()).kind();
    }

    /** A recorder that also records the end of the handshake. */
    static class TlsRecorder extends Recorder implements HandshakeListener {
        final CompletableFuture<SSLTransport> handshake = new CompletableFuture<>();

        @Override
        public void handshakeCompleted() {
            event("handshake");
            handshake.complete((SSLTransport) transport());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void echoOverListenSslAndConnectSsl(TlsVersion version) throws Exception {
        TlsRecorder server = new TlsRecorder();
        server.onData = d -> server.transport().write(d);
        TlsRecorder client = new TlsRecorder();
        int port = listenSSL(certs.serverOptions().withApplicationProtocols("h2", "http/1.1"), () -> server);
        RecordingClientFactory factory = new RecordingClientFactory(() -> client);
        runner.call(() -> reactor.connectSSL("127.0.0.1", port, factory, certs.clientOptions("localhost")
                .withVersions(version).withApplicationProtocols("h2"), 10, null));
        SSLTransport tls = get(client.handshake);
        byte[] big = Tcp.pattern(2_000_000, 5);
        runner.call(() -> {
            client.transport().write(big);
            return null;
        });
        await("the echo", () -> client.receivedCount() == big.length);
        assertArrayEquals(big, client.received());
        assertEquals(Optional.of(version), runner.call(tls::getTlsVersion));
        assertEquals(Optional.of("h2"), runner.call(tls::getNegotiatedProtocol));
        assertEquals(certs.localhost.chain().get(0), runner.call(tls::getPeerCertificates).get(0));
        assertEquals(Optional.of("localhost"), runner.call(() -> get(server.handshake).getServerName()));
        assertEquals("127.0.0.1", Tcp.hostOf(runner.call(() -> client.transport().getPeer())));
        assertEquals(port, Tcp.portOf(runner.call(() -> client.transport().getPeer())));
        runner.call(() -> {
            client.transport().loseConnection();
            return null;
        });
        assertInstanceOf(ConnectionDone.class, get(client.lost).value());
        assertInstanceOf(ConnectionDone.class, get(server.lost).value());
        assertInstanceOf(ConnectionDone.class, get(factory.lost).value(), "the factory hears the TLS reason");
    }

    @Test
    void aCertificateForAnotherNameFailsWithHostnameMismatch() throws Exception {
        Recorder server = new Recorder();
        Recorder client = new Recorder();
        int port = listenSSL(ServerTlsOptions.withIdentity(certs.second), () -> server);
        RecordingClientFactory factory = new RecordingClientFactory(() -> client);
        runner.call(() -> reactor.connectSSL("127.0.0.1", port, factory, certs.clientOptions("localhost"), 10, null));
        assertEquals(TlsError.Kind.HOSTNAME_MISMATCH, kind(get(client.lost)));
        assertEquals(TlsError.Kind.HOSTNAME_MISMATCH, kind(get(factory.lost)));
        assertTrue(get(server.lost).check(ConnectionLost.class));
        assertEquals(0, client.receivedCount());
    }

    @Test
    void anUntrustedServerCertificateFails() throws Exception {
        Recorder server = new Recorder();
        Recorder client = new Recorder();
        int port = listenSSL(ServerTlsOptions.withIdentity(certs.untrustedLocalhost), () -> server);
        runner.call(() -> reactor.connectSSL("127.0.0.1", port, ClientFactory.forProtocol(() -> client),
                certs.clientOptions("localhost")));
        assertEquals(TlsError.Kind.UNTRUSTED_CERTIFICATE, kind(get(client.lost)));
        assertEquals(TlsError.Kind.CERTIFICATE_REJECTED_BY_PEER, kind(get(server.lost)));
    }

    @Test
    void aRequiredClientCertificateThatIsMissingFails() throws Exception {
        Recorder server = new Recorder();
        Recorder client = new Recorder();
        int port = listenSSL(certs.serverOptions().withClientAuth(ServerTlsOptions.ClientAuth.REQUIRED,
                List.of(certs.ca)), () -> server);
        runner.call(() -> reactor.connectSSL("127.0.0.1", port, ClientFactory.forProtocol(() -> client),
                certs.clientOptions("localhost")));
        assertEquals(TlsError.Kind.CLIENT_CERTIFICATE_MISSING, kind(get(server.lost)));
        assertTrue(get(client.lost).check(ConnectionLost.class));
    }

    @Test
    void plainTextInsteadOfAClientHelloIsRefusedAndTheReactorStaysHealthy() throws Exception {
        TlsRecorder server = new TlsRecorder();
        List<TlsRecorder> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
        int port = listenSSL(certs.serverOptions(), () -> {
            TlsRecorder r = servers.isEmpty() ? server : new TlsRecorder();
            servers.add(r);
            return r;
        });
        Recorder plain = new Recorder();
        plain.onMade = r -> r.transport().write(bytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        runner.call(() -> reactor.connectTCP("127.0.0.1", port, ClientFactory.forProtocol(() -> plain)));
        assertEquals(TlsError.Kind.NOT_TLS, kind(get(server.lost)));
        assertTrue(get(plain.lost).check(ConnectionClosed.class));
        assertEquals(0, server.receivedCount());

        TlsRecorder client = new TlsRecorder();
        runner.call(() -> reactor.connectSSL("127.0.0.1", port, ClientFactory.forProtocol(() -> client),
                certs.clientOptions("localhost")));
        get(client.handshake);
        assertEquals(2, servers.size(), "the same port serves the next client");
    }

    /** Says STARTTLS in clear, then switches to TLS, as SMTP does. */
    static final class StartTlsServer extends TlsRecorder {
        final StringBuilder clear = new StringBuilder();
        SSLTransport tls;

        @Override
        public void handshakeCompleted() {
            event("handshake");
            handshake.complete(tls);
        }

        @Override
        public void dataReceived(byte[] data) {
            if (((TLSTransport) transport()).isDisconnecting() || handshake.isDone() || clear.indexOf("\n") >= 0) {
                super.dataReceived(data);
                transport().write(data); // echo, encrypted
                return;
            }
            clear.append(new String(data, StandardCharsets.US_ASCII));
            if (clear.toString().equals("STARTTLS\n")) {
                transport().write(bytes("GO AHEAD\n")); // in clear: written before startTLS
                tls = ((TLSTransport) transport()).startTLS(certs.serverOptions());
            }
        }
    }

    @Test
    void startTlsAfterAClearTextExchange() throws Exception {
        StartTlsServer server = new StartTlsServer();
        TlsRecorder client = new TlsRecorder();
        StringBuilder clearReply = new StringBuilder();
        ListeningPort listening = runner.call(() -> reactor.listenTCP(0, ServerFactory.forProtocol(() -> server),
                "127.0.0.1"));
        Protocol clientProtocol = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write(bytes("STARTTLS\n"));
            }

            @Override
            public void dataReceived(byte[] data) {
                if (!client.isConnected()) {
                    clearReply.append(new String(data, StandardCharsets.US_ASCII));
                    if (clearReply.toString().equals("GO AHEAD\n")) {
                        SSLTransport tls = ((TLSTransport) transport()).startTLS(certs.clientOptions("localhost"));
                        client.makeConnection(tls);
                        tls.write(bytes("secret"));
                    }
                }
            }
        };
        // The client protocol below switches to TLS and then hands the TLS view to `client`.
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(listening),
                ClientFactory.forProtocol(() -> new Relay(clientProtocol, client))));
        await("the encrypted echo", () -> client.receivedCount() == 6);
        assertEquals("GO AHEAD\n", clearReply.toString());
        assertEquals("secret", new String(client.received(), StandardCharsets.US_ASCII));
        assertEquals("secret", new String(server.received(), StandardCharsets.US_ASCII));
        SSLTransport serverTls = get(server.handshake);
        assertEquals(certs.localhost.chain().get(0),
                runner.call(() -> ((SSLTransport) client.transport()).getPeerCertificates()).get(0));
        assertTrue(runner.call(serverTls::isHandshakeDone));
        assertThrows(IllegalStateException.class, () -> {
            try {
                runner.call(() -> ((TLSTransport) server.transport()).startTLS(certs.serverOptions()));
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause();
            }
        }, "startTLS twice");
        runner.call(() -> {
            server.transport().loseConnection();
            return null;
        });
        assertInstanceOf(ConnectionDone.class, get(server.lost).value());
        assertInstanceOf(ConnectionDone.class, get(client.lost).value());
    }

    /**
     * A protocol that runs {@code first} on the TCP transport and forwards the TLS-layer events
     * (after {@code first} called {@code startTLS} and connected {@code after}) to {@code after}.
     */
    static final class Relay extends Protocol {
        private final Protocol first;
        private final Recorder after;

        Relay(Protocol first, Recorder after) {
            this.first = first;
            this.after = after;
        }

        @Override
        public void connectionMade() {
            first.makeConnection(transport());
        }

        @Override
        public void dataReceived(byte[] data) {
            if (after.isConnected()) {
                after.dataReceived(data);
            } else {
                first.dataReceived(data);
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            if (after.isConnected()) {
                after.connectionLost(reason);
            } else {
                first.connectionLost(reason);
            }
        }
    }

    /** Writes chunks whenever it is not paused, counting them. */
    static final class Firehose implements PushProducer {
        private final Transport to;
        volatile boolean paused;
        volatile long written;
        volatile int pauses;

        Firehose(Transport to) {
            this.to = to;
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pauses++;
        }

        @Override
        public void resumeProducing() {
            paused = false;
            pump();
        }

        void pump() {
            for (int i = 0; i < 64 && !paused; i++) {
                to.write(Tcp.pattern(16 * 1024, 9));
                written += 16 * 1024;
            }
        }

        @Override
        public void stopProducing() {
            paused = true;
        }
    }

    @Test
    void aPeerThatStopsReadingPausesTheProducerAndMemoryStaysBounded() throws Exception {
        TlsRecorder client = new TlsRecorder();
        TlsRecorder server = new TlsRecorder();
        TlsProtocol[] serverTls = new TlsProtocol[1];
        ListeningPort listening = runner.call(() -> reactor.listenTCP(0, ServerFactory.forProtocol(() -> {
            serverTls[0] = TlsProtocol.server(certs.serverOptions(), server);
            return serverTls[0];
        }), "127.0.0.1"));
        runner.call(() -> reactor.connectSSL("127.0.0.1", Tcp.portOf(listening), ClientFactory.forProtocol(() -> client),
                certs.clientOptions("localhost")));
        get(client.handshake);
        get(server.handshake);
        runner.call(() -> {
            client.transport().pauseProducing(); // the client stops reading
            return null;
        });
        Firehose hose = runner.call(() -> {
            Firehose h = new Firehose(server.transport());
            server.transport().registerProducer(h, true);
            h.pump();
            return h;
        });
        // Keep writing from the reactor until the socket is full: paused at the end of a turn with
        // ciphertext still queued means the kernel buffers are full too.
        await("the producer paused by a full socket", () -> {
            if (!hose.paused) {
                hose.pump();
            }
            return hose.paused && ((TcpConnection) serverTls[0].transport()).bufferedBytes() > 0;
        });
        long queued = runner.call(() -> ((TcpConnection) serverTls[0].transport()).bufferedBytes());
        assertTrue(queued <= SelectorReactor.DEFAULT_WRITE_HIGH_WATER_MARK + 64 * 1024,
                "the TCP queue stays near the high-water mark: " + queued);
        long written = hose.written;
        runner.call(() -> {
            client.transport().resumeProducing();
            return null;
        });
        await("everything written arrives", () -> {
            if (!hose.paused && hose.written < written + 1_000_000) {
                hose.pump();
            }
            return client.receivedCount() >= written;
        });
        assertTrue(hose.pauses >= 1);
        runner.call(() -> {
            server.transport().unregisterProducer();
            server.transport().abortConnection();
            return null;
        });
        assertInstanceOf(ConnectionAborted.class, get(server.lost).value());
    }
}
