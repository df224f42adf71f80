package io.torsion.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionRefusedError;
import io.torsion.testing.ChunkFeeder;
import io.torsion.testing.Loopback;
import io.torsion.testing.LoopbackTransport;
import io.torsion.testing.MemoryReactor;
import io.torsion.testing.MemoryReactor.TcpClient;
import io.torsion.testing.StringTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port forwarding in memory (Twisted's test_protocols portforward tests use real sockets; see ProxyFactoryTcpTest). */
class ProxyFactoryTest {
    private final MemoryReactor reactor = new MemoryReactor();
    private final ProxyFactory factory = new ProxyFactory(reactor, "backend.example", 7);
    private final PoliciesTest.Recorder user = new PoliciesTest.Recorder();

    /** Accepts the user's connection; returns the user-to-proxy pump. */
    private Loopback accept() {
        return Loopback.connect(user, factory.buildProtocol(Loopback.CLIENT_ADDRESS));
    }

    @Test
    void relaysBothWaysOnceTheBackendIsConnected() {
        Loopback front = accept();
        TcpClient call = reactor.tcpClients().get(0);
        assertEquals("backend.example", call.host());
        assertEquals(7, call.port());
        user.transport().write("early".getBytes());
        front.flush();
        assertTrue(front.serverTransport().queuedBytes() == 0);
        PoliciesTest.Echo backend = new PoliciesTest.Echo();
        Loopback back = call.completeWith(backend);
        for (int i = 0; i < 5; i++) {
            front.flush();
            back.flush();
        }
        assertEquals("early", String.join("", backend.received));
        assertEquals("early", String.join("", user.received));
    }

    @Test
    void relaysInputCutIntoAnyChunkSize() {
        byte[] input = "GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes();
        ChunkFeeder.forEachChunkSize(input, chunks -> {
            MemoryReactor r = new MemoryReactor();
            ProxyFactory.ProxyServer server = new ProxyFactory(r, "h", 1).buildProtocol(null);
            StringTransport front = StringTransport.connect(server);
            PoliciesTest.Recorder backend = new PoliciesTest.Recorder();
            Loopback back = r.tcpClients().get(0).completeWith(backend);
            ChunkFeeder.feed(server, chunks);
            back.flush();
            assertEquals(new String(input), String.join("", backend.received));
            assertEquals(StringTransport.ProducerState.PRODUCING, front.producerState(), "resumed once connected");
        });
    }

    @Test
    void closingOneLegClosesTheOther() {
        Loopback front = accept();
        PoliciesTest.Echo backend = new PoliciesTest.Echo();
        Loopback back = reactor.tcpClients().get(0).completeWith(backend);
        user.transport().loseConnection();
        front.flush();
        back.flush();
        assertNotNull(backend.lost);
        assertTrue(backend.lost.check(ConnectionDone.class));
        assertEquals(LoopbackTransport.State.DISCONNECTED, back.clientTransport().state());
    }

    @Test
    void backendClosingClosesTheUserLegAfterDelivering() {
        Loopback front = accept();
        PoliciesTest.Echo backend = new PoliciesTest.Echo();
        Loopback back = reactor.tcpClients().get(0).completeWith(backend);
        backend.transport().write("bye".getBytes());
        backend.transport().loseConnection();
        back.flush();
        front.flush();
        assertEquals(List.of("bye"), user.received);
        assertNotNull(user.lost);
    }

    @Test
    void unreachableBackendClosesTheUserLeg() {
        Loopback front = accept();
        reactor.tcpClients().get(0).fail(new ConnectionRefusedError("refused"));
        front.flush();
        assertNotNull(user.lost);
    }

    @Test
    void userLeavingWhileConnectingAbandonsTheAttempt() {
        Loopback front = accept();
        user.transport().loseConnection();
        front.flush();
        assertEquals(TcpClient.State.FAILED, reactor.tcpClients().get(0).state());
    }

    @Test
    void aUserThatDoesNotReadPausesTheBackendLeg() {
        Loopback front = accept();
        PoliciesTest.Echo backend = new PoliciesTest.Echo();
        Loopback back = reactor.tcpClients().get(0).completeWith(backend);
        front.clientTransport().pauseProducing();        // the user stops reading
        for (int i = 0; i < 20; i++) {
            backend.transport().write(new byte[8192]);
            back.pump();
            front.pump();
        }
        assertTrue(front.serverTransport().isProducerPaused(), "the proxy's user leg paused the backend leg");
        long queued = front.serverTransport().queuedBytes();
        assertTrue(queued <= 64 * 1024 + 8192, "bounded: " + queued);
        assertTrue(back.serverTransport().queuedBytes() > 0, "the rest waits in the backend's leg");
        front.clientTransport().resumeProducing();
        for (int i = 0; i < 20; i++) {
            front.flush();
            back.flush();
        }
        assertFalse(front.serverTransport().isProducerPaused());
        assertEquals(20 * 8192, user.received.stream().mapToInt(String::length).sum());
    }
}
