package io.torsion.protocols;

import static io.torsion.protocols.Bytes.b;
import static io.torsion.protocols.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionDone;
import io.torsion.task.Clock;
import io.torsion.testing.Loopback;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framing protocols talking to each other through the in-memory {@link Loopback}. */
class ProtocolsOverLoopbackTest {
    static class LineClient extends LineReceiver {
        final List<String> lines = new ArrayList<>();
        Failure lost;

        @Override
        protected void lineReceived(byte[] line) {
            lines.add(s(line));
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
        }
    }

    static class ShoutServer extends LineReceiver {
        @Override
        protected void lineReceived(byte[] line) {
            if (s(line).equals("bye")) {
                transport().loseConnection();
                return;
            }
            sendLine(b(s(line).toUpperCase()));
        }
    }

    @Test
    void linesGoBothWaysAndACleanCloseReachesTheClient() {
        LineClient client = new LineClient();
        Loopback loop = Loopback.connect(client, new ShoutServer());
        client.sendLine(b("hello"));
        client.sendLine(b("world"));
        loop.flush();
        assertEquals(List.of("HELLO", "WORLD"), client.lines);
        client.sendLine(b("bye"));
        loop.flush();
        assertTrue(client.lost.check(ConnectionDone.class));
    }

    @Test
    void int32StringsGoBothWays() {
        List<String> got = new ArrayList<>();
        Int32StringReceiver client = new Int32StringReceiver() {
            @Override
            protected void stringReceived(byte[] string) {
                got.add(s(string));
            }
        };
        Int32StringReceiver server = new Int32StringReceiver() {
            @Override
            protected void stringReceived(byte[] string) {
                sendString(b(s(string) + "!"));
            }
        };
        Loopback loop = Loopback.connect(client, server);
        client.sendString(b("a"));
        client.sendString(b(""));
        loop.flush();
        assertEquals(List.of("a!", "!"), got);
    }

    @Test // an idle client is dropped by the server's IdleTimeout, through the loopback
    void idleTimeoutClosesTheConnection() {
        Clock clock = new Clock();
        LineClient client = new LineClient();
        LineReceiver server = new LineReceiver() {
            final IdleTimeout idle = IdleTimeout.closing(clock, this);

            @Override
            public void connectionMade() {
                idle.setTimeout(5);
            }

            @Override
            protected void lineReceived(byte[] line) {
                idle.resetTimeout();
            }

            @Override
            public void connectionLost(Failure reason) {
                idle.cancelTimeout();
            }
        };
        Loopback loop = Loopback.connect(client, server);
        clock.advance(4);
        client.sendLine(b("still here"));
        loop.flush();
        clock.advance(4);
        loop.flush();
        assertNull(client.lost);
        clock.advance(1);
        loop.flush();
        assertTrue(client.lost.check(ConnectionDone.class));
        assertTrue(clock.getDelayedCalls().isEmpty());
    }
}
