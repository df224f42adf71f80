package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.torsion.protocols.TlsProtocol;
import io.torsion.testing.Loopback;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The transport conformance suite over TLS: the protocols under test see the
 * {@link SSLTransport} of a {@link TlsProtocol}. Half-close is not offered over TLS (as in
 * Twisted's TLS transport), so those two tests check that the transport does not offer it.
 */
abstract class TlsConformance extends TransportConformance {
    /** Half-close is not offered over TLS (as in Twisted's TLS transport): the transport says so by its type. */
    @Override
    @Test
    void halfCloseBothWaysWithHalfCloseableProtocols() throws Exception {
        assertHalfCloseIsNotOffered();
    }

    @Override
    @Test
    void aPlainProtocolTreatsThePeersHalfCloseAsAFullClose() throws Exception {
        assertHalfCloseIsNotOffered();
    }

    private void assertHalfCloseIsNotOffered() throws Exception {
        Recorder.HalfClose client = new Recorder.HalfClose();
        Recorder server = new Recorder();
        harness.connect(client, server);
        assertFalse(client.transport() instanceof TcpTransport, "a TLS transport must not offer loseWriteConnection");
        assertFalse(server.transport() instanceof TcpTransport, "a TLS transport must not offer loseWriteConnection");
        harness.run(() -> client.transport().loseConnection());
        harness.waitFor("both ends closed", () -> client.isLost() && server.isLost());
        assertEquals(ConnectionDone.class, server.lostType());
    }

    static boolean handshaken(Protocol p) {
        return p.isConnected() && ((SSLTransport) p.transport()).isHandshakeDone();
    }

    /** TLS over the in-memory loopback. */
    static final class OverTlsLoopback implements TransportHarness {
        private Loopback loop;

        @Override
        public void connect(Protocol client, Protocol server) {
            TestCertificates certs = TestCertificates.get();
            loop = Loopback.connect(TlsProtocol.client(certs.clientOptions(), client),
                    TlsProtocol.server(certs.serverOptions(), server));
            waitFor("the handshake", () -> handshaken(client) && handshaken(server));
        }

        @Override
        public void run(Runnable action) {
            action.run();
        }

        @Override
        public void waitFor(String what, BooleanSupplier condition) {
            loop.flush();
            org.junit.jupiter.api.Assertions.assertTrue(condition.getAsBoolean(), "after flushing: " + what);
        }

        @Override
        public void close() {
        }
    }

    /** TLS over TCP on 127.0.0.1 with listenSSL and connectSSL. */
    static final class OverSsl implements TransportHarness {
        private final TransportHarness.OverTcp tcp = new TransportHarness.OverTcp("127.0.0.1");

        @Override
        public void connect(Protocol client, Protocol server) throws Exception {
            TestCertificates certs = TestCertificates.get();
            SelectorReactor reactor = tcp.reactor;
            tcp.runner().call(() -> {
                ListeningPort port = reactor.listenSSL(0, ServerFactory.forProtocol(() -> server),
                        certs.serverOptions(), "127.0.0.1");
                reactor.connectSSL("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client),
                        certs.clientOptions("127.0.0.1"), 10, null);
                return null;
            });
            waitFor("the handshake", () -> handshaken(client) && handshaken(server));
        }

        @Override
        public void run(Runnable action) throws Exception {
            tcp.run(action);
        }

        @Override
        public void waitFor(String what, BooleanSupplier condition) throws Exception {
            tcp.waitFor(what, condition);
        }

        @Override
        public void close() throws Exception {
            tcp.close();
        }
    }
}
