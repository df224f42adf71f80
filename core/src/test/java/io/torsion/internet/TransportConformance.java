package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every stream transport does the same way, whether TCP or the in-memory loopback (STYLE.md
 * §9): a subclass says how to connect two protocols.
 */
@Timeout(120)
abstract class TransportConformance {
    TransportHarness harness;

    abstract TransportHarness newHarness();

    @BeforeEach
    void setUp() {
        harness = newHarness();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Echoes what it receives. */
    static final class Echo extends Recorder {
        Echo() {
            onData = data -> transport().write(data);
        }
    }

    @Test
    void bytesWrittenByOneEndArriveAtTheOtherInOrder() throws Exception {
        Recorder client = new Recorder();
        Echo server = new Echo();
        harness.connect(client, server);
        harness.run(() -> {
            client.transport().write(bytes("hello, "));
            client.transport().writeSequence(List.of(bytes("wor"), bytes(""), bytes("ld")));
        });
        harness.waitFor("the echo", () -> client.receivedCount() == 12);
        assertEquals("hello, world", new String(client.received(), StandardCharsets.US_ASCII));
        assertFalse(client.isLost());
    }

    @Test
    void loseConnectionSendsWhatWasWrittenThenBothEndsSeeConnectionDone() throws Exception {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        byte[] big = Tcp.pattern(300_000, 1);
        harness.connect(client, server);
        harness.run(() -> {
            server.transport().write(big);
            server.transport().loseConnection();
            assertTrue(server.transport().isDisconnecting());
            assertFalse(server.isLost(), "connectionLost never runs inside loseConnection");
        });
        harness.waitFor("both ends closed", () -> client.isLost() && server.isLost());
        assertArrayEquals(big, client.received());
        assertEquals(ConnectionDone.class, server.lostType());
        assertEquals(ConnectionDone.class, client.lostType());
    }

    @Test
    void abortConnectionDropsTheQueueAndTheAbortingEndSeesConnectionAborted() throws Exception {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        harness.connect(client, server);
        harness.run(() -> {
            server.transport().write(Tcp.pattern(5_000_000, 2));
            server.transport().abortConnection();
            assertTrue(server.transport().isDisconnecting());
            assertFalse(server.isLost(), "connectionLost never runs inside abortConnection");
        });
        harness.waitFor("both ends closed", () -> client.isLost() && server.isLost());
        assertEquals(ConnectionAborted.class, server.lostType());
        Class<? extends Throwable> peerSees = harness.abortResetsThePeer() ? ConnectionLost.class : ConnectionDone.class;
        assertTrue(client.lost.get().check(peerSees), "the other end: " + client.lostType());
        assertTrue(client.receivedCount() < 5_000_000, "not everything was delivered");
    }

    @Test
    void halfCloseBothWaysWithHalfCloseableProtocols() throws Exception {
        Recorder.HalfClose client = new Recorder.HalfClose();
        Recorder.HalfClose server = new Recorder.HalfClose();
        server.onReadLost = () -> {
            server.transport().write(bytes("bye"));
            ((TcpTransport) server.transport()).loseWriteConnection();
        };
        harness.connect(client, server);
        harness.run(() -> {
            client.transport().write(bytes("request"));
            ((TcpTransport) client.transport()).loseWriteConnection();
        });
        harness.waitFor("both ends closed", () -> client.isLost() && server.isLost());
        assertEquals("request", new String(server.received(), StandardCharsets.US_ASCII));
        assertEquals("bye", new String(client.received(), StandardCharsets.US_ASCII));
        assertTrue(server.events().indexOf("readLost") >= 0, server.events().toString());
        assertTrue(client.events().indexOf("writeLost") < client.events().indexOf("readLost"),
                client.events().toString());
        assertEquals(ConnectionDone.class, server.lostType());
        assertEquals(ConnectionDone.class, client.lostType());
    }

    @Test
    void aPlainProtocolTreatsThePeersHalfCloseAsAFullClose() throws Exception {
        Recorder.HalfClose client = new Recorder.HalfClose();
        Recorder server = new Recorder();
        harness.connect(client, server);
        harness.run(() -> {
            client.transport().write(bytes("last words"));
            ((TcpTransport) client.transport()).loseWriteConnection();
        });
        harness.waitFor("both ends closed", () -> client.isLost() && server.isLost());
        assertEquals("last words", new String(server.received(), StandardCharsets.US_ASCII));
        assertEquals(ConnectionDone.class, server.lostType());
        assertEquals(ConnectionDone.class, client.lostType());
    }

    @Test
    void aStreamingProducerIsPausedAboveTheHighWaterMarkAndResumedWhenDrained() throws Exception {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        StreamingProducer producer = new StreamingProducer();
        harness.connect(client, server);
        harness.run(() -> {
            server.transport().registerProducer(producer, true);
            server.transport().write(Tcp.pattern(200_000, 3));
            assertTrue(producer.pauses == 1, "paused at once by a write above the mark");
        });
        harness.waitFor("the data delivered and the producer resumed",
                () -> client.receivedCount() == 200_000 && producer.resumes == 1);
        harness.run(() -> {
            server.transport().unregisterProducer();
            server.transport().loseConnection();
        });
        harness.waitFor("both ends closed", () -> client.isLost() && server.isLost());
        assertEquals(0, producer.stops, "an unregistered producer is not stopped");
    }

    /** Counts what the consumer asks of it. */
    static final class StreamingProducer implements PushProducer {
        volatile int pauses;
        volatile int resumes;
        volatile int stops;

        @Override
        public void pauseProducing() {
            pauses++;
        }

        @Override
        public void resumeProducing() {
            resumes++;
            Recorder.signal();
        }

        @Override
        public void stopProducing() {
            stops++;
        }
    }
}
