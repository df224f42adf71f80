package io.torsion.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ClientTlsOptions;
import io.torsion.internet.ConnectionAborted;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionLost;
import io.torsion.internet.HandshakeListener;
import io.torsion.internet.Protocol;
import io.torsion.internet.SSLTransport;
import io.torsion.internet.ServerTlsOptions;
import io.torsion.internet.TestCertificates;
import io.torsion.internet.TlsError;
import io.torsion.internet.TlsVersion;
import io.torsion.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TlsProtocol} over the in-memory {@link Loopback}: deterministic, no sockets (after
 * Twisted's {@code twisted/protocols/test/test_tls.py} and {@code test_sslverify.py}).
 */
@Timeout(120)
class TlsProtocolTest {
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.get();
    }

    /** Records what happens; echoes when asked to. */
    static class Rec extends Protocol implements HandshakeListener {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean echo;
        boolean handshakeDone;
        Failure lost;

        Rec echoing() {
            echo = true;
            return this;
        }

        SSLTransport tls() {
            return (SSLTransport) transport();
        }

        @Override
        public void dataReceived(byte[] data) {
            received.write(data, 0, data.length);
            if (echo) {
                transport().write(data);
            }
        }

        @Override
        public void handshakeCompleted() {
            handshakeDone = true;
        }

        @Override
        public void connectionLost(Failure reason) {
            assertNull(lost, "connectionLost runs once");
            lost = reason;
        }

        String text() {
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Loopback connect(ClientTlsOptions client, Rec c, ServerTlsOptions server, Rec s) {
        Loopback loop = Loopback.connect(TlsProtocol.client(client, c), TlsProtocol.server(server, s));
        loop.flush();
        return loop;
    }

    private static TlsError.Kind kindOf(Rec r) {
        assertTrue(r.lost != null, "the connection was lost");
        assertInstanceOf(TlsError.class, r.lost.value(), "a TLS error: " + r.lost.value());
        return ((TlsError) r.lost.value()).kind();
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void echoOverEachVersion(TlsVersion version) {
        Rec client = new Rec();
        Rec server = new Rec().echoing();
        Loopback loop = Loopback.connect(TlsProtocol.client(certs.clientOptions().withVersions(version), client),
                TlsProtocol.server(certs.serverOptions(), server));
        client.transport().write(bytes("hello, "));
        assertFalse(client.handshakeDone, "connectionMade runs before the handshake; writes wait for it");
        client.transport().writeSequence(List.of(bytes("TLS"), bytes(""), bytes(" world")));
        loop.flush();
        assertTrue(client.handshakeDone && server.handshakeDone);
        assertEquals("hello, TLS world", client.text());
        assertEquals(Optional.of(version), client.tls().getTlsVersion());
        assertEquals(Optional.of(version), server.tls().getTlsVersion());
        assertEquals(certs.localhost.chain().get(0), client.tls().getPeerCertificates().get(0));
        assertEquals(List.of(), server.tls().getPeerCertificates(), "no client certificate was asked for");
        assertEquals(Loopback.SERVER_ADDRESS, client.transport().getPeer());
        assertEquals(Loopback.CLIENT_ADDRESS, client.transport().getHost());
        assertNull(client.lost);
    }

    @Test
    void aLargeTransferArrivesIntact() {
        Rec client = new Rec();
        Rec server = new Rec().echoing();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        byte[] big = new byte[1_000_003];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 9));
        }
        client.transport().write(big);
        loop.flush();
        assertArrayEquals(big, client.received.toByteArray());
    }

    @Test
    void loseConnectionSendsCloseNotifyAndBothSidesSeeConnectionDone() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        server.transport().write(bytes("last words"));
        server.transport().loseConnection();
        assertTrue(server.transport().isDisconnecting());
        server.transport().write(bytes("dropped"));
        loop.flush();
        assertEquals("last words", client.text());
        assertInstanceOf(ConnectionDone.class, client.lost.value(), client.lost.toString());
        assertInstanceOf(ConnectionDone.class, server.lost.value(), server.lost.toString());
    }

    @Test
    void loseConnectionBeforeTheHandshakeWaitsForItAndSendsWhatWasWritten() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = Loopback.connect(TlsProtocol.client(certs.clientOptions(), client),
                TlsProtocol.server(certs.serverOptions(), server));
        client.transport().write(bytes("early"));
        client.transport().loseConnection();
        loop.flush();
        assertEquals("early", server.text());
        assertInstanceOf(ConnectionDone.class, client.lost.value());
        assertInstanceOf(ConnectionDone.class, server.lost.value());
    }

    @Test
    void abortConnectionSendsNoCloseNotify() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        client.transport().write(bytes("never sent"));
        client.transport().abortConnection();
        loop.flush();
        assertEquals("", server.text());
        assertInstanceOf(ConnectionAborted.class, client.lost.value());
        assertTrue(server.lost.check(ConnectionLost.class));
        assertFalse(server.lost.check(ConnectionDone.class));
    }

    @Test
    void aPeerClosingWithoutCloseNotifyIsAConnectionLostNotDone() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        loop.serverTransport().loseConnection(); // below TLS: a TCP FIN with no close_notify
        loop.flush();
        assertTrue(client.lost.check(ConnectionLost.class), client.lost.toString());
        assertFalse(client.lost.check(ConnectionDone.class), "a possible truncation is not a clean close");
    }

    @Test
    void aCertificateForAnotherNameFailsHostnameVerification() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions(), client, ServerTlsOptions.withIdentity(certs.second), server);
        assertEquals(TlsError.Kind.HOSTNAME_MISMATCH, kindOf(client));
        assertFalse(client.handshakeDone);
        assertTrue(server.lost.check(ConnectionLost.class), "the server hears of it too: " + server.lost);
    }

    @Test
    void hostnameVerificationCanBeTurnedOff() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions().withHostnameVerification(ClientTlsOptions.HostnameVerification.OFF), client,
                ServerTlsOptions.withIdentity(certs.second), server);
        assertTrue(client.handshakeDone);
    }

    @Test
    void aServerCertificateFromAnUntrustedAuthorityFails() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions(), client, ServerTlsOptions.withIdentity(certs.untrustedLocalhost), server);
        assertEquals(TlsError.Kind.UNTRUSTED_CERTIFICATE, kindOf(client));
        assertEquals(TlsError.Kind.CERTIFICATE_REJECTED_BY_PEER, kindOf(server));
        assertTrue(client.lost.value().getMessage().contains("UNTRUSTED_CERTIFICATE"), client.lost.value().getMessage());
    }

    @Test
    void alpnChoosesTheServersFirstChoiceTheClientOffers() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions().withApplicationProtocols("http/1.1", "h2"), client,
                certs.serverOptions().withApplicationProtocols("h2", "http/1.1"), server);
        assertEquals(Optional.of("h2"), client.tls().getNegotiatedProtocol());
        assertEquals(Optional.of("h2"), server.tls().getNegotiatedProtocol());

        Rec client2 = new Rec();
        Rec server2 = new Rec();
        connect(certs.clientOptions().withApplicationProtocols("http/1.1"), client2,
                certs.serverOptions().withApplicationProtocols("h2", "http/1.1"), server2);
        assertEquals(Optional.of("http/1.1"), client2.tls().getNegotiatedProtocol());
    }

    @Test
    void noAlpnMeansNoNegotiatedProtocol() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions(), client, certs.serverOptions().withApplicationProtocols("h2"), server);
        assertTrue(client.handshakeDone);
        assertEquals(Optional.empty(), client.tls().getNegotiatedProtocol());
    }

    @Test
    void alpnWithNoCommonProtocolFailsTheHandshake() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions().withApplicationProtocols("spdy/3"), client,
                certs.serverOptions().withApplicationProtocols("h2"), server);
        assertEquals(TlsError.Kind.NO_COMMON_PARAMETERS, kindOf(server), server.lost.value().getMessage());
        assertTrue(client.lost.check(TlsError.class), client.lost.toString());
    }

    @Test
    void sniPicksTheCertificateAndTheServerSeesTheName() {
        ServerTlsOptions server = certs.serverOptions().withSniIdentity(TestCertificates.SECOND_NAME, certs.second);
        Rec c1 = new Rec();
        Rec s1 = new Rec();
        connect(certs.clientOptions(TestCertificates.SECOND_NAME), c1, server, s1);
        assertTrue(c1.handshakeDone, "the certificate for the SNI name was chosen: " + c1.lost);
        assertEquals(Optional.of(TestCertificates.SECOND_NAME), s1.tls().getServerName());
        assertEquals(Optional.of(TestCertificates.SECOND_NAME), c1.tls().getServerName());
        assertEquals(certs.second.chain().get(0), c1.tls().getPeerCertificates().get(0));

        Rec c2 = new Rec();
        Rec s2 = new Rec();
        connect(certs.clientOptions("localhost"), c2, server, s2);
        assertEquals(certs.localhost.chain().get(0), c2.tls().getPeerCertificates().get(0), "the default");
        assertEquals(Optional.of("localhost"), s2.tls().getServerName());
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aRequiredClientCertificateThatIsMissingFailsTheHandshake(TlsVersion version) {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions().withVersions(version), client,
                certs.serverOptions().withClientAuth(ServerTlsOptions.ClientAuth.REQUIRED, List.of(certs.ca)), server);
        assertEquals(TlsError.Kind.CLIENT_CERTIFICATE_MISSING, kindOf(server));
        assertTrue(client.lost.check(TlsError.class), client.lost.toString());
    }

    @ParameterizedTest
    @EnumSource(TlsVersion.class)
    void aClientCertificateIsVisibleToTheServer(TlsVersion version) {
        Rec client = new Rec();
        Rec server = new Rec().echoing();
        Loopback loop = connect(certs.clientOptions().withVersions(version).withClientIdentity(certs.client), client,
                certs.serverOptions().withClientAuth(ServerTlsOptions.ClientAuth.REQUIRED, List.of(certs.ca)), server);
        client.transport().write(bytes("ping"));
        loop.flush();
        assertEquals("ping", client.text());
        assertEquals(certs.client.chain().get(0), server.tls().getPeerCertificates().get(0));
    }

    @Test
    void aRequestedClientCertificateMayBeAbsent() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions(), client,
                certs.serverOptions().withClientAuth(ServerTlsOptions.ClientAuth.REQUESTED, List.of(certs.ca)), server);
        assertTrue(server.handshakeDone);
        assertEquals(List.of(), server.tls().getPeerCertificates());
    }

    @Test
    void anUntrustedClientCertificateIsRefused() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions().withClientIdentity(certs.untrustedLocalhost), client,
                certs.serverOptions().withClientAuth(ServerTlsOptions.ClientAuth.REQUIRED, List.of(certs.ca)), server);
        assertEquals(TlsError.Kind.UNTRUSTED_CERTIFICATE, kindOf(server));
        assertTrue(client.lost.check(TlsError.class), client.lost.toString());
    }

    @Test
    void plainTextInsteadOfAClientHelloGivesNotTls() {
        Rec server = new Rec();
        Protocol garbage = new Protocol() {
            @Override
            public void connectionMade() {
                transport().write(bytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            }
        };
        Loopback loop = Loopback.connect(garbage, TlsProtocol.server(certs.serverOptions(), server));
        loop.flush();
        assertEquals(TlsError.Kind.NOT_TLS, kindOf(server));
        assertEquals("", server.text());
    }

    @Test
    void aCorruptedRecordAfterTheHandshakeIsAProtocolError() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        // A well-formed header of an application-data record whose body does not decrypt.
        byte[] bad = new byte[5 + 40];
        bad[0] = 23;
        bad[1] = 3;
        bad[2] = 3;
        bad[4] = 40;
        loop.clientTransport().write(bad);
        loop.flush();
        assertEquals(TlsError.Kind.BAD_RECORD, kindOf(server), server.lost.value().getMessage());
        assertTrue(client.lost != null);
    }

    @Test
    void theVersionsMustOverlap() {
        Rec client = new Rec();
        Rec server = new Rec();
        connect(certs.clientOptions().withVersions(TlsVersion.TLS_1_2), client,
                certs.serverOptions().withVersions(TlsVersion.TLS_1_3), server);
        assertEquals(TlsError.Kind.NO_COMMON_PARAMETERS, kindOf(server), server.lost.value().getMessage());
    }

    @Test
    void writesAndCloseFromInsideDataReceived() {
        Rec client = new Rec();
        Rec server = new Rec() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                transport().write(bytes("bye"));
                transport().loseConnection();
            }
        };
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        client.transport().write(bytes("hi"));
        loop.flush();
        assertEquals("bye", client.text());
        assertInstanceOf(ConnectionDone.class, client.lost.value());
        assertInstanceOf(ConnectionDone.class, server.lost.value());
    }

    @Test
    void pausingTheTlsTransportStopsDeliveryUntilResumed() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        client.transport().pauseProducing();
        server.transport().write(bytes("later"));
        loop.flush();
        assertEquals("", client.text());
        client.transport().resumeProducing();
        loop.flush();
        assertEquals("later", client.text());
    }

    @Test
    void loseConnectionWaitsForTheProducerToBeUnregistered() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        int[] stops = {0};
        io.torsion.internet.PushProducer producer = new io.torsion.internet.PushProducer() {
            @Override
            public void pauseProducing() {
            }

            @Override
            public void resumeProducing() {
            }

            @Override
            public void stopProducing() {
                stops[0]++;
            }
        };
        server.transport().registerProducer(producer, true);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> server.transport().registerProducer(producer, true), "a second producer is refused");
        server.transport().write(bytes("body"));
        server.transport().loseConnection();
        loop.flush();
        assertNull(server.lost, "still open: the producer is registered");
        assertEquals("body", client.text());
        server.transport().unregisterProducer();
        loop.flush();
        assertInstanceOf(ConnectionDone.class, server.lost.value());
        assertInstanceOf(ConnectionDone.class, client.lost.value());
        assertEquals(0, stops[0], "an unregistered producer is not stopped");
    }

    @Test
    void thePeersCloseNotifyStopsOurProducerAndClosesCleanly() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        int[] stops = {0};
        server.transport().registerProducer(new io.torsion.internet.PushProducer() {
            @Override
            public void pauseProducing() {
            }

            @Override
            public void resumeProducing() {
            }

            @Override
            public void stopProducing() {
                stops[0]++;
            }
        }, true);
        client.transport().loseConnection();
        loop.flush();
        assertEquals(1, stops[0], "the producer of a closed connection is stopped once");
        assertInstanceOf(ConnectionDone.class, server.lost.value());
        assertInstanceOf(ConnectionDone.class, client.lost.value());
    }

    @Test
    void theTransportIsDisconnectingAfterLoseConnectionAndLaterCallsDoNothing() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = connect(certs.clientOptions(), client, certs.serverOptions(), server);
        assertFalse(client.transport().isDisconnecting());
        client.transport().loseConnection();
        client.transport().loseConnection();
        assertTrue(client.transport().isDisconnecting());
        loop.flush();
        client.transport().abortConnection();
        client.transport().write(bytes("late"));
        loop.flush();
        assertInstanceOf(ConnectionDone.class, client.lost.value());
    }

    /** Speaks in clear until STARTTLS, then in TLS; the server echoes what arrives over TLS. */
    static final class StartTlsPeer extends Rec {
        final StringBuilder clear = new StringBuilder();
        final io.torsion.internet.TlsOptions options;
        final boolean client;
        SSLTransport tls;

        StartTlsPeer(io.torsion.internet.TlsOptions options) {
            this.options = options;
            this.client = options instanceof ClientTlsOptions;
        }

        @Override
        public void connectionMade() {
            if (client) {
                transport().write(bytes("STARTTLS\n"));
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            if (tls != null) {
                super.dataReceived(data);
                return;
            }
            clear.append(new String(data, StandardCharsets.US_ASCII));
            io.torsion.internet.TLSTransport t = (io.torsion.internet.TLSTransport) transport();
            if (!client && clear.toString().equals("STARTTLS\n")) {
                t.write(bytes("OK\n"));        // in clear: written before startTLS
                tls = t.startTLS(options);
                echo = true;
            } else if (client && clear.toString().equals("OK\n")) {
                tls = t.startTLS(options);
                t.write(bytes("secret"));     // the same transport now writes through TLS
            }
        }
    }

    @Test
    void startTlsAfterAClearTextExchange() {
        StartTlsPeer client = new StartTlsPeer(certs.clientOptions());
        StartTlsPeer server = new StartTlsPeer(certs.serverOptions());
        Loopback loop = Loopback.connect(client, server);
        loop.flush();
        assertEquals("OK\n", client.clear.toString());
        assertEquals("secret", server.text());
        assertEquals("secret", client.text());
        assertTrue(client.handshakeDone && server.handshakeDone);
        assertEquals(certs.localhost.chain().get(0), client.tls.getPeerCertificates().get(0));
        assertTrue(loop.clientTransport().protocol() instanceof TlsProtocol);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ((io.torsion.internet.TLSTransport) client.transport()).startTLS(certs.clientOptions()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> loop.clientTransport().loseWriteConnection(), "no half-close over TLS");
        client.transport().loseConnection();
        loop.flush();
        assertInstanceOf(ConnectionDone.class, client.lost.value());
        assertInstanceOf(ConnectionDone.class, server.lost.value());
    }

    /** Moves each side's ciphertext to the other in chunks of {@code size} bytes until quiet. */
    private static void shuttle(io.torsion.testing.StringTransport a, TlsProtocol aTls,
            io.torsion.testing.StringTransport b, TlsProtocol bTls, int size) {
        for (int rounds = 0; rounds < 10_000; rounds++) {
            byte[] ab = a.value();
            byte[] ba = b.value();
            a.clear();
            b.clear();
            if (ab.length == 0 && ba.length == 0) {
                return;
            }
            for (int i = 0; i < ab.length; i += size) {
                bTls.dataReceived(java.util.Arrays.copyOfRange(ab, i, Math.min(ab.length, i + size)));
            }
            for (int i = 0; i < ba.length; i += size) {
                aTls.dataReceived(java.util.Arrays.copyOfRange(ba, i, Math.min(ba.length, i + size)));
            }
        }
        throw new AssertionError("the two sides never went quiet");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 5, 7, 100, 1000, 16_389})
    void recordsCutIntoAnyChunkSizeAreReassembled(int size) {
        Rec client = new Rec();
        Rec server = new Rec().echoing();
        TlsProtocol clientTls = TlsProtocol.client(certs.clientOptions(), client);
        TlsProtocol serverTls = TlsProtocol.server(certs.serverOptions(), server);
        io.torsion.testing.StringTransport a = io.torsion.testing.StringTransport.connect(clientTls);
        io.torsion.testing.StringTransport b = io.torsion.testing.StringTransport.connect(serverTls);
        byte[] message = new byte[40_000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i % 251);
        }
        client.transport().write(message);
        shuttle(a, clientTls, b, serverTls, size);
        assertTrue(client.handshakeDone && server.handshakeDone);
        assertArrayEquals(message, client.received.toByteArray());
        assertNull(client.lost);
    }

    @Test
    void abortDuringTheHandshake() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = Loopback.connect(TlsProtocol.client(certs.clientOptions(), client),
                TlsProtocol.server(certs.serverOptions(), server));
        loop.pump();
        client.transport().abortConnection();
        loop.flush();
        assertInstanceOf(ConnectionAborted.class, client.lost.value());
        assertEquals(TlsError.Kind.HANDSHAKE_INTERRUPTED, kindOf(server));
    }

    @Test
    void identitiesFromPemAndKeyStoresWork() throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'});
        String keyPem = "-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(certs.localhost.privateKey().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        StringBuilder chainPem = new StringBuilder();
        for (java.security.cert.X509Certificate c : certs.localhost.chain()) {
            chainPem.append("-----BEGIN CERTIFICATE-----\n").append(b64.encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        io.torsion.internet.TlsIdentity fromPem = io.torsion.internet.TlsIdentity.fromPem(keyPem, chainPem.toString());
        assertEquals(certs.localhost.chain(), fromPem.chain());

        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] pw = "pw".toCharArray();
        store.setKeyEntry("server", fromPem.privateKey(), pw,
                fromPem.chain().toArray(java.security.cert.Certificate[]::new));
        io.torsion.internet.TlsIdentity fromStore = io.torsion.internet.TlsIdentity.fromKeyStore(store, "server", pw);
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certs.ca);

        Rec client = new Rec();
        Rec server = new Rec().echoing();
        Loopback loop = connect(ClientTlsOptions.forHost("localhost").withTrustStore(trust), client,
                ServerTlsOptions.withIdentity(fromStore), server);
        client.transport().write(bytes("pem"));
        loop.flush();
        assertEquals("pem", client.text());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> io.torsion.internet.TlsIdentity.fromPem("not a key", chainPem.toString()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> io.torsion.internet.TlsIdentity.fromKeyStore(trust, "ca", pw), "a certificate entry has no key");
    }

    @Test
    void optionsRefuseEmptySettings() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClientTlsOptions.forHost("localhost").withVersions());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClientTlsOptions.forHost(""));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClientTlsOptions.forHost("localhost").withTrustedCertificates(List.of()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> certs.serverOptions().withVersions());
        assertEquals(List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3), ClientTlsOptions.forHost("h").versions());
        assertEquals(ClientTlsOptions.HostnameVerification.ON, ClientTlsOptions.forHost("h").hostnameVerification());
    }

    @Test
    void theHandshakeCanBeInterrupted() {
        Rec client = new Rec();
        Rec server = new Rec();
        Loopback loop = Loopback.connect(TlsProtocol.client(certs.clientOptions(), client),
                TlsProtocol.server(certs.serverOptions(), server));
        loop.serverTransport().loseConnection(); // before it answers the ClientHello
        loop.flush();
        assertEquals(TlsError.Kind.HANDSHAKE_INTERRUPTED, kindOf(client));
    }
}
