package io.torsion.protocols;

import static io.torsion.protocols.Bytes.b;
import static io.torsion.protocols.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.testing.ChunkFeeder;
import io.torsion.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LineOnlyReceiver}, following Twisted's {@code LineOnlyReceiverTests} in {@code test_basic.py}. */
class LineOnlyReceiverTest {
    static class Recorder extends LineOnlyReceiver {
        final List<String> lines = new ArrayList<>();
        final List<String> exceeded = new ArrayList<>();

        Recorder(int limit) {
            maxLength = limit;
        }

        @Override
        protected void lineReceived(byte[] line) {
            lines.add(s(line));
            if (s(line).equals("quit")) {
                transport().loseConnection();
            }
        }

        @Override
        protected void lineLengthExceeded(byte[] rest) {
            exceeded.add(s(rest));
            super.lineLengthExceeded(rest);
        }
    }

    private static Recorder fed(int limit, List<byte[]> chunks) {
        Recorder p = new Recorder(limit);
        StringTransport.connect(p);
        ChunkFeeder.feed(p, chunks);
        return p;
    }

    @Test // test_buffer
    void deliversEachLine() {
        ChunkFeeder.forEachChunkSize(b("foo\r\nbleakness\r\ndesolation\r\nabc\r\n\r\nend"), chunks ->
                assertEquals(List.of("foo", "bleakness", "desolation", "abc", ""), fed(64, chunks).lines));
    }

    @Test // test_lineTooLong, at limit - 1, limit and limit + 1
    void theLimit() {
        ChunkFeeder.forEachChunkSize(b("ab\r\nabc\r\nxyz\r"), chunks -> {
            Recorder p = fed(3, chunks);
            assertEquals(List.of("ab", "abc"), p.lines);
            assertFalse(p.transport().isDisconnecting());
        });
        ChunkFeeder.forEachChunkSize(b("ab\r\nabcd\r\nnever\r\n"), chunks -> {
            Recorder p = fed(3, chunks);
            assertEquals(List.of("ab"), p.lines);
            assertEquals(1, p.exceeded.size());
            assertTrue(p.exceeded.get(0).startsWith("abcd"));
            assertTrue(p.transport().isDisconnecting());
        });
    }

    @Test // the lines after the one that closed the connection are dropped
    void noLineAfterLoseConnection() {
        ChunkFeeder.forEachChunkSize(b("a\r\nquit\r\nb\r\n"), chunks ->
                assertEquals(List.of("a", "quit"), fed(64, chunks).lines));
        Recorder p = new Recorder(64);
        StringTransport.connect(p);
        p.dataReceived(b("a\r\nquit\r\nb\r\n"));
        assertEquals(List.of("a", "quit"), p.lines);
    }

    @Test
    void sendLineWritesTheLineAndTheDelimiter() {
        Recorder p = new Recorder(64);
        StringTransport transport = StringTransport.connect(p);
        p.sendLine(b("hi"));
        assertEquals("hi\r\n", transport.valueAsString());
    }
}
