package io.torsion.protocols;

import static io.torsion.protocols.Bytes.b;
import static io.torsion.protocols.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.testing.ChunkFeeder;
import io.torsion.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LineReceiver}, following Twisted's {@code LineReceiverTests} in {@code test_basic.py}. */
class LineReceiverTest {
    /** Records events as "L:line", "R:raw bytes" (raw pieces merged), "X:rest" (too long). */
    static class Recorder extends LineReceiver {
        final List<String> events = new ArrayList<>();
        int rawRemaining;

        Recorder() {
        }

        Recorder(int limit) {
            maxLength = limit;
        }

        @Override
        protected void lineReceived(byte[] line) {
            String text = s(line);
            events.add("L:" + text);
            switch (text) {
                case "quit" -> transport().loseConnection();
                case "pause" -> pauseProducing();
                case "stop" -> stopProducing();
                case "use-lf" -> delimiter = b("\n");
                default -> {
                    if (text.startsWith("len ")) {
                        rawRemaining = Integer.parseInt(text.substring(4));
                        events.add("R:");
                        setRawMode();
                    }
                }
            }
        }

        @Override
        protected void rawDataReceived(byte[] data) {
            int n = Math.min(rawRemaining, data.length);
            String last = events.remove(events.size() - 1);
            events.add(last + s(data).substring(0, n));
            rawRemaining -= n;
            if (rawRemaining == 0) {
                byte[] rest = new byte[data.length - n];
                System.arraycopy(data, n, rest, 0, rest.length);
                setLineMode(rest);
            }
        }

        @Override
        protected void lineLengthExceeded(byte[] rest) {
            events.add("X:" + s(rest));
            super.lineLengthExceeded(rest);
        }
    }

    private static Recorder fed(Recorder protocol, List<byte[]> chunks) {
        StringTransport.connect(protocol);
        ChunkFeeder.feed(protocol, chunks);
        return protocol;
    }

    @Test // test_buffer (simplified): lines in every chunk size
    void deliversEachLineWhateverTheChunking() {
        ChunkFeeder.forEachChunkSize(b("a\r\nbc\r\n\r\ndef\r\nunfinished"), chunks -> {
            Recorder p = fed(new Recorder(), chunks);
            assertEquals(List.of("L:a", "L:bc", "L:", "L:def"), p.events);
            assertEquals("unfinished", s(p.clearLineBuffer()));
        });
    }

    @Test // test_buffer's raw parts: setRawMode takes the rest of the buffer, setLineMode(extra) gives it back
    void rawModeAndBackWithTheRestOfTheBuffer() {
        byte[] input = b("first\r\nlen 5\r\n12345second\r\nlen 3\r\na\r\nthird\r\nlen 0\r\n");
        ChunkFeeder.forEachChunkSize(input, chunks -> {
            Recorder p = fed(new Recorder(), chunks);
            assertEquals(List.of("L:first", "L:len 5", "R:12345", "L:second", "L:len 3", "R:a\r\n", "L:third",
                    "L:len 0", "R:"), p.events.subList(0, 9));
        });
    }

    @Test
    void linesUpToTheLimitAreDelivered() {
        for (String line : List.of("ab", "abc")) { // limit - 1, limit
            ChunkFeeder.forEachChunkSize(b(line + "\r\nok\r\n"), chunks -> {
                Recorder p = fed(new Recorder(3), chunks);
                assertEquals(List.of("L:" + line), p.events.subList(0, 1));
                assertFalse(p.transport().isDisconnecting());
            });
        }
    }

    @Test // test_maximumLineLength: limit + 1
    void aLineOverTheLimitClosesTheConnection() {
        ChunkFeeder.forEachChunkSize(b("ok\r\nabcd\r\nnever\r\n"), chunks -> {
            Recorder p = fed(new Recorder(3), chunks);
            assertEquals("L:ok", p.events.get(0));
            assertEquals(2, p.events.size(), () -> p.events.toString());
            assertTrue(p.events.get(1).startsWith("X:abcd"), p.events.get(1));
            assertTrue(p.transport().isDisconnecting());
        });
    }

    @Test // the rest of the buffer, delimiters included, goes to lineLengthExceeded
    void lineLengthExceededReceivesTheRestOfTheBuffer() {
        Recorder p = new Recorder(3);
        StringTransport.connect(p);
        p.dataReceived(b("abcd\r\nefg\r\nhi"));
        assertEquals(List.of("X:abcd\r\nefg\r\nhi"), p.events);
        assertEquals(0, p.clearLineBuffer().length);
    }

    @Test // TWISTED-NOTES.md: "xyz\r" then "\n" with a limit of 3 is a valid line
    void aPartialDelimiterPastTheLimitIsNotTooLong() {
        Recorder p = new Recorder(3);
        StringTransport transport = StringTransport.connect(p);
        p.dataReceived(b("xyz\r"));
        assertFalse(transport.isDisconnecting());
        p.dataReceived(b("\n"));
        assertEquals(List.of("L:xyz"), p.events);
        assertFalse(transport.isDisconnecting());
    }

    @Test // test_notQuiteMaximumLineLengthUnfinished and the unterminated limit itself
    void anUnterminatedBufferIsTooLongAtLimitPlusDelimiterLength() {
        // maxLength + delimiter length - 1 bytes, unterminated: still fine
        ChunkFeeder.forEachChunkSize(b("wxyz"), chunks -> {
            Recorder p = fed(new Recorder(3), chunks);
            assertEquals(List.of(), p.events);
            assertFalse(p.transport().isDisconnecting());
        });
        // maxLength + delimiter length bytes: no line can end within the limit any more
        ChunkFeeder.forEachChunkSize(b("vwxyz"), chunks -> {
            Recorder p = fed(new Recorder(3), chunks);
            assertEquals(List.of("X:vwxyz"), p.events);
            assertTrue(p.transport().isDisconnecting());
        });
    }

    @Test // the default limit, 16384, at limit - 1, limit and limit + 1
    void theDefaultLimit() {
        assertEquals(16384, LineReceiver.MAX_LENGTH);
        for (int n : new int[] {16383, 16384}) {
            Recorder p = new Recorder();
            StringTransport.connect(p);
            for (byte[] chunk : ChunkFeeder.chunks(b("x".repeat(n) + "\r\n"), 1)) {
                p.dataReceived(chunk);
            }
            assertEquals(1, p.events.size());
            assertEquals(n + 2, p.events.get(0).length());
        }
        ChunkFeeder.forEachChunkSize(b("x".repeat(16385) + "\r\n"), chunks -> {
            if (chunks.get(0).length % 997 != 1) {
                return; // a spread of sizes keeps this test fast; the small limit tests cover all sizes
            }
            Recorder p = fed(new Recorder(), chunks);
            assertEquals(1, p.events.size());
            assertTrue(p.events.get(0).startsWith("X:"));
            assertTrue(p.transport().isDisconnecting());
        });
    }

    @Test // test_lineReceiverAsProducer-like: loseConnection inside lineReceived stops delivery
    void noLineAfterLoseConnection() {
        ChunkFeeder.forEachChunkSize(b("a\r\nquit\r\nb\r\n"), chunks -> {
            Recorder p = fed(new Recorder(), chunks);
            assertEquals(List.of("L:a", "L:quit"), p.events);
        });
        Recorder p = new Recorder();
        StringTransport.connect(p);
        p.dataReceived(b("a\r\nquit\r\nb\r\n")); // the whole stream in one call, too
        assertEquals(List.of("L:a", "L:quit"), p.events);
    }

    @Test // test_pausing: pauseProducing holds lines until resumeProducing
    void pauseHoldsLinesUntilResume() {
        ChunkFeeder.forEachChunkSize(b("a\r\npause\r\nb\r\nc\r\n"), chunks -> {
            Recorder p = fed(new Recorder(), chunks);
            StringTransport transport = (StringTransport) p.transport();
            assertEquals(List.of("L:a", "L:pause"), p.events);
            assertEquals(StringTransport.ProducerState.PAUSED, transport.producerState());
            assertFalse(p.isProducing());
            p.resumeProducing();
            assertEquals(StringTransport.ProducerState.PRODUCING, transport.producerState());
            assertEquals(List.of("L:a", "L:pause", "L:b", "L:c"), p.events);
        });
    }

    @Test
    void stopProducingIsFinal() {
        ChunkFeeder.forEachChunkSize(b("a\r\nstop\r\nb\r\n"), chunks -> {
            Recorder p = fed(new Recorder(), chunks);
            assertEquals(List.of("L:a", "L:stop"), p.events);
            assertEquals(StringTransport.ProducerState.STOPPED, ((StringTransport) p.transport()).producerState());
            assertThrows(IllegalStateException.class, p::resumeProducing);
        });
    }

    @Test // a delimiter changed inside lineReceived applies to the rest of the buffer
    void changingTheDelimiterAppliesToTheRest() {
        ChunkFeeder.forEachChunkSize(b("use-lf\r\na\nb\r\n"), chunks -> {
            Recorder p = fed(new Recorder(), chunks);
            assertEquals(List.of("L:use-lf", "L:a", "L:b\r"), p.events);
        });
    }

    @Test // test_clearLineBuffer
    void clearLineBufferReturnsAndForgetsTheBuffer() {
        List<String> seen = new ArrayList<>();
        LineReceiver p = new LineReceiver() {
            @Override
            protected void lineReceived(byte[] line) {
                seen.add(s(line) + "|" + s(clearLineBuffer()));
            }
        };
        StringTransport.connect(p);
        // one chunk, as in Twisted: what is "the rest of the buffer" depends on the chunking
        p.dataReceived(b("foo\r\nbar\r\nbaz"));
        p.dataReceived(b("quux\r\n"));
        assertEquals(List.of("foo|bar\r\nbaz", "quux|"), seen);
    }

    @Test // dataReceived from inside lineReceived appends to the buffer instead of recursing, as in Twisted
    void reentrantDataReceivedIsQueued() {
        ChunkFeeder.forEachChunkSize(b("inject\r\nb\r\n"), chunks -> {
            List<String> seen = new ArrayList<>();
            LineReceiver p = new LineReceiver() {
                @Override
                protected void lineReceived(byte[] line) {
                    seen.add(s(line));
                    if (s(line).equals("inject")) {
                        dataReceived(b("x\r\n"));
                        seen.add("returned");
                    }
                }
            };
            StringTransport.connect(p);
            ChunkFeeder.feed(p, chunks);
            assertEquals(List.of("inject", "returned"), seen.subList(0, 2));
            // the injected "x\r\n" lands behind whatever was buffered, so "b" and "x" arrive in
            // an order that depends on the chunking (possibly as one line "bx", or "b\rx" when
            // the injected bytes split a delimiter)
            char[] rest = String.join("", seen.subList(2, seen.size())).replace("\r", "").toCharArray();
            java.util.Arrays.sort(rest);
            assertEquals("bx", new String(rest));
        });
    }

    @Test
    void sendLineWritesTheLineAndTheDelimiter() {
        Recorder p = new Recorder();
        StringTransport transport = StringTransport.connect(p);
        p.sendLine(b("hello"));
        p.delimiter = b("\n");
        p.sendLine(b(""));
        assertEquals("hello\r\n\n", transport.valueAsString());
    }

    @Test // STYLE.md §11: a long line arriving a byte at a time costs linear, not quadratic, work
    void scanningIsIncremental() {
        int n = 200_000;
        Recorder p = new Recorder(n);
        StringTransport.connect(p);
        byte[] one = {'x'};
        for (int i = 0; i < n; i++) {
            p.dataReceived(one);
        }
        p.dataReceived(b("\r\n"));
        assertEquals(1, p.events.size());
        assertTrue(p.positionsExamined() <= n + 2, "examined " + p.positionsExamined());
    }

    @Test
    void rawModeWithoutOverrideFailsLoudly() {
        LineReceiver p = new LineReceiver() {
            @Override
            protected void lineReceived(byte[] line) {
                setRawMode();
            }
        };
        StringTransport.connect(p);
        assertThrows(UnsupportedOperationException.class, () -> p.dataReceived(b("a\r\nraw")));
    }
}
