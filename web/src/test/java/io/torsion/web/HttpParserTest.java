package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.testing.ChunkFeeder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class HttpParserTest {
    /** Records events; continues to the next message at once, as a channel with instant responses. */
    static class Recorder implements HttpParser.Listener {
        final List<RequestHead> heads = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int failedStatus;
        int failures;
        HttpParser parser;

        @Override
        public void headReceived(RequestHead head) {
            heads.add(head);
            events.add("head " + head.method() + " " + head.target());
        }

        @Override
        public void bodyReceived(byte[] data) {
            body.writeBytes(data);
        }

        @Override
        public void messageReceived() {
            bodies.add(body.toByteArray());
            body = new ByteArrayOutputStream();
            events.add("done");
            parser.nextMessage();
        }

        @Override
        public void parseFailed(int status, String message) {
            failures++;
            failedStatus = status;
            events.add("failed " + status);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Recorder run(HttpSettings settings, List<byte[]> chunks) {
        Recorder r = new Recorder();
        r.parser = new HttpParser(settings, r);
        for (byte[] c : chunks) {
            r.parser.feed(c);
        }
        return r;
    }

    /** Feeds the input whole, in every chunk size from 1 byte up, and split in two at every offset. */
    static void feedAllWays(HttpSettings settings, String input, Consumer<Recorder> check) {
        byte[] in = bytes(input);
        check.accept(run(settings, List.of(in)));
        ChunkFeeder.forEachChunkSize(in, chunks -> check.accept(run(settings, chunks)));
        for (int cut = 0; cut <= in.length; cut++) {
            try {
                check.accept(run(settings, List.of(Arrays.copyOf(in, cut), Arrays.copyOfRange(in, cut, in.length))));
            } catch (AssertionError e) {
                throw new AssertionError("split at " + cut + ": " + e.getMessage(), e);
            }
        }
    }

    static void feedAllWays(String input, Consumer<Recorder> check) {
        feedAllWays(HttpSettings.defaults(), input, check);
    }

    @Test
    void simpleGet() {
        feedAllWays("GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nX-A: 1\r\nx-a: 2\r\n\r\n", r -> {
            assertEquals(List.of("head GET /a?b=c", "done"), r.events);
            RequestHead h = r.heads.get(0);
            assertEquals(1, h.minorVersion());
            assertEquals(List.of("1", "2"), h.headers().getRawHeaders("X-a"));
            assertEquals(RequestHead.Framing.NONE, h.framing());
        });
    }

    @Test
    void pipelinedRequestsWithBodies() {
        String in = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /y HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer: x\r\n\r\n"
                + "GET /z HTTP/1.0\r\n\r\n";
        feedAllWays(in, r -> {
            assertEquals(List.of("head POST /x", "done", "head POST /y", "done", "head GET /z", "done"), r.events);
            assertEquals("hello", new String(r.bodies.get(0), StandardCharsets.US_ASCII));
            assertEquals("abc0123456789abcdef", new String(r.bodies.get(1), StandardCharsets.US_ASCII));
            assertEquals(0, r.heads.get(2).minorVersion());
        });
    }

    @Test
    void higherMinorVersionIsServedAsOneOne() {
        feedAllWays("GET / HTTP/1.7\r\nHost: h\r\n\r\n", r -> assertEquals(1, r.heads.get(0).minorVersion()));
    }

    @Test
    void absoluteFormAccepted() {
        feedAllWays("GET http://h:80/p?q HTTP/1.1\r\nHost: h\r\n\r\n",
                r -> assertEquals("http://h:80/p?q", r.heads.get(0).target()));
    }

    @Test
    void leadingEmptyLinesIgnored() {
        feedAllWays("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", r -> assertEquals(1, r.heads.size()));
    }

    @Test
    void stopsAfterMessageUntilNextMessage() {
        Recorder r = new Recorder() {
            @Override
            public void messageReceived() {
                events.add("done");
            }
        };
        r.parser = new HttpParser(HttpSettings.defaults(), r);
        r.parser.feed(bytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(List.of("head GET /1", "done"), r.events);
        assertEquals(HttpParser.State.MESSAGE_DONE, r.parser.state());
        assertTrue(r.parser.buffered() > 0);
        r.parser.nextMessage();
        assertEquals(List.of("head GET /1", "done", "head GET /2", "done"), r.events);
    }

    static Stream<Arguments> hostile() {
        String h = "Host: h\r\n";
        return Stream.of(
                Arguments.of("CL+TE smuggling", "POST / HTTP/1.1\r\n" + h
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n", 400),
                Arguments.of("TE chunked, identity", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked, identity\r\n\r\n", 400),
                Arguments.of("TE xchunked", "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: xchunked\r\n\r\n", 400),
                Arguments.of("TE chunked twice", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("TE gzip, chunked", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
                Arguments.of("TE on 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("double CL", "POST / HTTP/1.1\r\n" + h
                        + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
                Arguments.of("CL list differing", "POST / HTTP/1.1\r\n" + h + "Content-Length: 3, 4\r\n\r\nabcd", 400),
                Arguments.of("negative CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n", 400),
                Arguments.of("plus CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: +1\r\n\r\na", 400),
                Arguments.of("overflowing CL", "POST / HTTP/1.1\r\n" + h
                        + "Content-Length: 99999999999999999999999\r\n\r\n", 400),
                Arguments.of("hex CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: 0x10\r\n\r\n", 400),
                Arguments.of("bad chunk size", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
                Arguments.of("chunk size with sign", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("overflowing chunk size", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff1\r\n", 400),
                Arguments.of("chunk data without CRLF", "POST / HTTP/1.1\r\n" + h
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\n" + h + "X-A: a\r\n b\r\n\r\n", 400),
                Arguments.of("bare LF", "GET / HTTP/1.1\n" + h + "\r\n", 400),
                Arguments.of("bare LF in headers", "GET / HTTP/1.1\r\n" + h + "X: y\n\r\n", 400),
                Arguments.of("bare CR", "GET / HTTP/1.1\r\n" + h + "X: y\rz\r\n\r\n", 400),
                Arguments.of("NUL in header value", "GET / HTTP/1.1\r\n" + h + "X: a\0b\r\n\r\n", 400),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\n" + h + "X : y\r\n\r\n", 400),
                Arguments.of("control in name", "GET / HTTP/1.1\r\n" + h + "X\u0001: y\r\n\r\n", 400),
                Arguments.of("no Host on 1.1", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\n" + h + h + "\r\n", 400),
                Arguments.of("bad Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                Arguments.of("unknown method", "BREW / HTTP/1.1\r\n" + h + "\r\n", 501),
                Arguments.of("method not a token", "GE(T / HTTP/1.1\r\n" + h + "\r\n", 400),
                Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n" + h + "\r\n", 505),
                Arguments.of("HTTP/0.9 style", "GET /\r\n\r\n", 400),
                Arguments.of("lower-case version", "GET / http/1.1\r\n" + h + "\r\n", 400),
                Arguments.of("control in target", "GET /a\u0001b HTTP/1.1\r\n" + h + "\r\n", 400),
                Arguments.of("double space", "GET  / HTTP/1.1\r\n" + h + "\r\n", 400),
                Arguments.of("oversize request line", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n", 414),
                Arguments.of("oversize header line", "GET / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n", 431),
                Arguments.of("oversize header block", "GET / HTTP/1.1\r\n"
                        + ("X: " + "a".repeat(1000) + "\r\n").repeat(20) + "\r\n", 431),
                Arguments.of("oversize body by CL", "POST / HTTP/1.1\r\n" + h
                        + "Content-Length: 67108865\r\n\r\n", 413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileRequestsFailOnceWithStatus(String name, String input, int status) {
        feedAllWays(input, r -> {
            assertEquals(1, r.failures, r.events.toString());
            assertEquals(status, r.failedStatus);
            assertEquals(HttpParser.State.FAILED, r.parser.state());
            // no second request is ever read out of the rest of the input
            assertTrue(r.heads.size() <= 1, r.events.toString());
            assertTrue(r.bodies.isEmpty(), r.events.toString());
        });
    }

    @Test
    void inputAfterFailureIsIgnored() {
        Recorder r = run(HttpSettings.defaults(), List.of(bytes("GET / HTTP/1.1\n"), bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n")));
        assertEquals(List.of("failed 400"), r.events);
    }

    // --- limits: at the limit minus one, at it, and plus one

    @Test
    void requestLineLimit() {
        HttpSettings s = HttpSettings.defaults().withMaxRequestLine(30);
        for (int len = 29; len <= 31; len++) {
            String line = "GET /" + "a".repeat(len - 14) + " HTTP/1.1";
            assertEquals(len, line.length());
            int expectFail = len > 30 ? 414 : 0;
            feedAllWays(s, line + "\r\nHost: h\r\n\r\n", r -> assertEquals(expectFail, r.failedStatus));
        }
    }

    @Test
    void headerLineLimit() {
        HttpSettings s = HttpSettings.defaults().withHeaderLimits(20, 1000, 10);
        for (int len = 19; len <= 21; len++) {
            String line = "X: " + "a".repeat(len - 3);
            int expectFail = len > 20 ? 431 : 0;
            feedAllWays(s, "GET / HTTP/1.1\r\nHost: h\r\n" + line + "\r\n\r\n", r -> assertEquals(expectFail, r.failedStatus));
        }
    }

    @Test
    void headerBlockLimit() {
        // block = "Host: h\r\n" (9) + "X: aaa…\r\n" + final "\r\n" (2)
        HttpSettings s = HttpSettings.defaults().withHeaderLimits(1000, 40, 10);
        for (int total = 39; total <= 41; total++) {
            String x = "X: " + "a".repeat(total - 9 - 2 - 5);
            int expectFail = total > 40 ? 431 : 0;
            feedAllWays(s, "GET / HTTP/1.1\r\nHost: h\r\n" + x + "\r\n\r\n", r -> assertEquals(expectFail, r.failedStatus));
        }
    }

    @Test
    void headerCountLimit() {
        HttpSettings s = HttpSettings.defaults().withHeaderLimits(1000, 1000, 3);
        for (int count = 2; count <= 4; count++) {
            String extra = "X: a\r\n".repeat(count - 1);
            int expectFail = count > 3 ? 431 : 0;
            feedAllWays(s, "GET / HTTP/1.1\r\nHost: h\r\n" + extra + "\r\n", r -> assertEquals(expectFail, r.failedStatus));
        }
    }

    @Test
    void bodyLimitByContentLength() {
        HttpSettings s = HttpSettings.defaults().withMaxBodySize(5);
        for (int len = 4; len <= 6; len++) {
            int expectFail = len > 5 ? 413 : 0;
            String in = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + len + "\r\n\r\n" + "b".repeat(len);
            feedAllWays(s, in, r -> {
                assertEquals(expectFail, r.failedStatus);
                // 413 is decided from the head alone, before any body byte is read
                if (expectFail != 0) {
                    assertTrue(r.body.size() == 0);
                }
            });
        }
    }

    @Test
    void bodyLimitChunked() {
        HttpSettings s = HttpSettings.defaults().withMaxBodySize(5);
        for (int len = 4; len <= 6; len++) {
            int expectFail = len > 5 ? 413 : 0;
            String in = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nbb\r\n"
                    + Integer.toHexString(len - 2) + "\r\n" + "b".repeat(len - 2) + "\r\n0\r\n\r\n";
            feedAllWays(s, in, r -> assertEquals(expectFail, r.failedStatus));
        }
    }

    @Test
    void chunkLineLimit() {
        HttpSettings s = HttpSettings.defaults().withMaxChunkLine(10);
        for (int len = 9; len <= 11; len++) {
            String line = "1;" + "e".repeat(len - 2);
            int expectFail = len > 10 ? 400 : 0;
            String in = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + line + "\r\nx\r\n0\r\n\r\n";
            feedAllWays(s, in, r -> assertEquals(expectFail, r.failedStatus));
        }
    }

    @Test
    void identicalContentLengthsAreOne() {
        feedAllWays("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab",
                r -> assertEquals("ab", new String(r.bodies.get(0), StandardCharsets.US_ASCII)));
    }
}
