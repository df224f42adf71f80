package io.torsion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionAborted;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionLost;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.Protocol;
import io.torsion.internet.PullProducer;
import io.torsion.internet.PushProducer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Loopback}, following Twisted's {@code iosim} and {@code test_loopback.py}. */
class LoopbackTest {
    /** Records everything that happens to it. */
    static class Recorder extends Protocol {
        final List<String> events = new ArrayList<>();
        final StringBuilder received = new StringBuilder();
        Failure lost;

        @Override
        public void connectionMade() {
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            received.append(new String(data, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void connectionLost(Failure reason) {
            events.add("lost");
            lost = reason;
        }

        void send(String text) {
            transport().write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    static final class Echo extends Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport().write(data);
        }
    }

    @Test // iosim.connect: the server's connectionMade runs first; pump moves bytes once
    void pumpMovesBytesOnceFlushUntilQuiet() {
        Recorder client = new Recorder();
        Echo server = new Echo();
        List<String> order = new ArrayList<>();
        Loopback loop = Loopback.connect(new Protocol() {
            @Override
            public void connectionMade() {
                order.add("client");
            }
        }, new Protocol() {
            @Override
            public void connectionMade() {
                order.add("server");
            }
        });
        assertEquals(List.of("server", "client"), order);
        assertFalse(loop.pump());

        loop = Loopback.connect(client, server);
        client.send("ping");
        assertEquals(4, loop.clientTransport().queuedBytes());
        assertTrue(loop.pump());
        assertEquals("ping", server.received.toString());
        assertEquals("", client.received.toString());
        assertTrue(loop.pump());
        assertEquals("ping", client.received.toString());
        assertFalse(loop.pump());
        client.send("a");
        client.send("b");
        assertEquals(2, loop.flush());
        assertEquals("pingab", client.received.toString());
        assertEquals(Loopback.SERVER_ADDRESS, loop.clientTransport().getPeer());
        assertEquals(Loopback.CLIENT_ADDRESS, loop.serverTransport().getPeer());
    }

    @Test // two echoes answering each other forever fail the flush instead of hanging it
    void pingPongFailsTheFlush() {
        Echo client = new Echo();
        Loopback loop = Loopback.connect(client, new Echo());
        client.send("x");
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::flush);
        assertTrue(e.getMessage().contains(String.valueOf(Loopback.MAX_PUMPS)));
    }

    @Test // loseConnection: queued bytes arrive first, then both ends get ConnectionDone
    void loseConnectionDeliversThenClosesBothEnds() {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        Loopback loop = Loopback.connect(client, server);
        server.send("bye");
        server.transport().loseConnection();
        assertTrue(server.transport().isDisconnecting());
        loop.flush();
        assertEquals("bye", client.received.toString());
        assertEquals(List.of("made", "lost"), client.events);
        assertEquals(List.of("made", "lost"), server.events);
        assertTrue(client.lost.check(ConnectionDone.class));
        assertTrue(server.lost.check(ConnectionDone.class));
        assertEquals(LoopbackTransport.State.DISCONNECTED, loop.clientTransport().state());
        client.send("dropped"); // writes after the close are dropped, as in Twisted
        assertEquals(0, loop.clientTransport().queuedBytes());
        assertFalse(loop.pump());
    }

    @Test // abortConnection: queued bytes are dropped; ConnectionAborted here, ConnectionLost there
    void abortConnectionDropsDataAndReportsLoss() {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        Loopback loop = Loopback.connect(client, server);
        client.send("never");
        client.transport().abortConnection();
        loop.flush();
        assertEquals("", server.received.toString());
        assertTrue(client.lost.check(ConnectionAborted.class));
        assertTrue(server.lost.check(ConnectionLost.class));
        assertFalse(server.lost.check(ConnectionAborted.class));
    }

    @Test // a registered producer keeps the connection open until unregistered, and is stopped on close
    void aRegisteredProducerDelaysTheCloseAndIsStopped() {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        Loopback loop = Loopback.connect(client, server);
        List<String> calls = new ArrayList<>();
        PushProducer producer = new PushProducer() {
            @Override
            public void pauseProducing() {
                calls.add("pause");
            }

            @Override
            public void resumeProducing() {
                calls.add("resume");
            }

            @Override
            public void stopProducing() {
                calls.add("stop");
            }
        };
        server.transport().registerProducer(producer, true);
        server.transport().loseConnection();
        loop.flush();
        assertEquals(List.of("made"), server.events);
        server.transport().unregisterProducer();
        loop.flush();
        assertEquals(List.of("made", "lost"), server.events);
        assertEquals(List.of(), calls);

        Recorder c2 = new Recorder();
        Recorder s2 = new Recorder();
        Loopback loop2 = Loopback.connect(c2, s2);
        s2.transport().registerProducer(producer, true);
        c2.transport().loseConnection();
        loop2.flush();
        assertEquals(List.of("stop"), calls);
    }

    @Test // flow control: a fast writer is paused above the high-water mark and resumed when drained
    void aFastProducerIsPausedUntilThePeerReads() {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        Loopback loop = Loopback.connect(client, server, new Loopback.FlowControl(10, 0));
        List<String> calls = new ArrayList<>();
        PushProducer producer = new PushProducer() {
            @Override
            public void pauseProducing() {
                calls.add("pause");
            }

            @Override
            public void resumeProducing() {
                calls.add("resume");
            }

            @Override
            public void stopProducing() {
                calls.add("stop");
            }
        };
        server.transport().registerProducer(producer, true);
        client.transport().pauseProducing(); // the client stops reading
        server.send("0123456789");
        assertEquals(List.of(), calls);
        server.send("a");
        assertEquals(List.of("pause"), calls);
        assertTrue(loop.serverTransport().isProducerPaused());
        loop.flush();
        assertEquals("", client.received.toString());
        assertEquals(11, loop.serverTransport().queuedBytes()); // memory held, not lost
        client.transport().resumeProducing();
        loop.flush();
        assertEquals("0123456789a", client.received.toString());
        assertEquals(List.of("pause", "resume"), calls);
        assertFalse(loop.serverTransport().isProducerPaused());
    }

    @Test // a pull producer is asked for more whenever its end's queue is empty
    void aPullProducerIsPulledUntilItUnregisters() {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        Loopback loop = Loopback.connect(client, server);
        int[] left = {3};
        PullProducer producer = new PullProducer() {
            @Override
            public void resumeProducing() {
                if (left[0] == 0) {
                    server.transport().unregisterProducer();
                    return;
                }
                server.send("chunk" + left[0]--);
            }

            @Override
            public void stopProducing() {
            }
        };
        server.transport().registerProducer(producer, false);
        assertEquals(6, loop.serverTransport().queuedBytes()); // asked at once, as in Twisted
        loop.flush();
        assertEquals("chunk3chunk2chunk1", client.received.toString());
    }

    static final class HalfCloser extends Recorder implements HalfCloseableProtocol {
        @Override
        public void readConnectionLost() {
            events.add("readLost");
        }

        @Override
        public void writeConnectionLost() {
            events.add("writeLost");
        }
    }

    @Test // half-close with a half-closeable peer: each half is reported, then both close
    void halfCloseReportsEachHalf() {
        HalfCloser client = new HalfCloser();
        HalfCloser server = new HalfCloser();
        Loopback loop = Loopback.connect(client, server);
        client.send("request");
        ((io.torsion.internet.TcpTransport) client.transport()).loseWriteConnection();
        loop.flush();
        assertEquals("request", server.received.toString());
        assertEquals(List.of("made", "readLost"), server.events);
        assertEquals(List.of("made", "writeLost"), client.events);
        server.send("response");
        client.send("ignored"); // the client's write half is closed
        loop.flush();
        assertEquals("response", client.received.toString());
        assertEquals("request", server.received.toString());
        ((io.torsion.internet.TcpTransport) server.transport()).loseWriteConnection();
        loop.flush();
        assertEquals("lost", client.events.get(client.events.size() - 1));
        assertEquals("lost", server.events.get(server.events.size() - 1));
        assertTrue(client.lost.check(ConnectionDone.class));
    }

    @Test // half-close towards a protocol that is not half-closeable closes the connection
    void halfCloseTowardsAPlainProtocolCloses() {
        Recorder client = new Recorder();
        Recorder server = new Recorder();
        Loopback loop = Loopback.connect(client, server);
        ((io.torsion.internet.TcpTransport) client.transport()).loseWriteConnection();
        loop.flush();
        assertEquals(List.of("made", "lost"), server.events);
        assertEquals(List.of("made", "lost"), client.events);
    }
}
