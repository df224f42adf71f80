package io.torsion.web.client;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.Consumer;
import io.torsion.task.Clock;
import io.torsion.testing.StringTransport;
import io.torsion.web.Headers;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The client protocol on a StringTransport and a Clock: request bytes, framing, errors, timeouts. */
class HttpClientProtocolTest {
    final Clock clock = new Clock();

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static ClientRequest get(String url) throws Exception {
        return ClientRequest.create("GET", url, null, null);
    }

    HttpClientProtocol protocol(double timeout) {
        return new HttpClientProtocol(clock, timeout);
    }

    /** Feeds {@code response} whole, one byte at a time and split at every offset; returns the body. */
    Deferred<byte[]> everyWay(String method, String response, java.util.function.Consumer<Deferred<byte[]>> check)
            throws Exception {
        byte[] in = b(response);
        Deferred<byte[]> last = null;
        for (int split = 0; split <= in.length + 1; split++) {
            HttpClientProtocol p = protocol(0);
            StringTransport t = StringTransport.connect(p);
            Deferred<Response> r = p.request(ClientRequest.create(method, "http://h/x", null, null), false);
            if (split == in.length + 1) {
                for (byte x : in) {
                    p.dataReceived(new byte[] {x});
                }
            } else {
                p.dataReceived(java.util.Arrays.copyOfRange(in, 0, split));
                p.dataReceived(java.util.Arrays.copyOfRange(in, split, in.length));
            }
            p.connectionLost(new Failure(new ConnectionDone("closed")));
            assertTrue(t.isDisconnecting() || true);
            last = successResultOf(r).readBody();
            check.accept(last);
        }
        return last;
    }

    @Test
    void writesRequestLineHostAndConnectionClose() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        Headers h = new Headers();
        h.addRawHeader("X-Test", "1");
        p.request(ClientRequest.create("GET", "http://example.com:8080/a/b?q=1", h, null), false);
        assertEquals("GET /a/b?q=1 HTTP/1.1\r\nHost: example.com:8080\r\nX-Test: 1\r\nConnection: close\r\n\r\n",
                t.valueAsString());
    }

    @Test
    void contentLengthBodyInEveryChunking() throws Exception {
        everyWay("GET", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                d -> assertEquals("hello", new String(successResultOf(d), StandardCharsets.UTF_8)));
    }

    @Test
    void chunkedBodyInEveryChunking() throws Exception {
        everyWay("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n",
                d -> assertEquals("hello!", new String(successResultOf(d), StandardCharsets.UTF_8)));
    }

    @Test
    void readUntilCloseIsPotentialDataLoss() throws Exception {
        everyWay("GET", "HTTP/1.0 200 OK\r\n\r\nsome body",
                d -> assertEquals("some body", new String(((PartialDownloadError) failureResultOf(d,
                        PartialDownloadError.class).value()).body(), StandardCharsets.UTF_8)));
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        everyWay("GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                d -> assertEquals("ok", new String(successResultOf(d), StandardCharsets.UTF_8)));
    }

    @Test
    void headAnd204And304HaveNoBody() throws Exception {
        everyWay("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", d -> assertEquals(0, successResultOf(d).length));
        everyWay("GET", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", d -> assertEquals(0, successResultOf(d).length));
        everyWay("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", d -> assertEquals(0, successResultOf(d).length));
    }

    @Test
    void responseAndHeadersAreExposed() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        assertNoResult(d);
        p.dataReceived(b("HTTP/1.1 404 Not Found\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 0\r\n\r\n"));
        Response r = successResultOf(d);
        assertEquals(404, r.code());
        assertEquals("Not Found", r.phrase());
        assertEquals(java.util.List.of("1", "2"), r.headers().getRawHeaders("X-A"));
        assertEquals("HTTP/1.1", r.version());
    }

    @Test
    void bodyIsStreamedAsItArrives() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc"));
        StringBuilder got = new StringBuilder();
        Failure[] end = new Failure[1];
        successResultOf(d).deliverBody(new io.torsion.internet.Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                got.append(new String(data, StandardCharsets.UTF_8));
            }

            @Override
            public void connectionLost(Failure reason) {
                end[0] = reason;
            }
        });
        assertEquals("abc", got.toString());
        assertEquals(null, end[0]);
        p.dataReceived(b("def"));
        assertEquals("abcdef", got.toString());
        assertTrue(end[0].check(ResponseDone.class));
        assertTrue(t.isDisconnecting(), "a non-persistent connection is closed after the response");
    }

    @Test
    void controlCharactersAreRefusedBeforeAnythingIsSent() {
        Headers bad = new Headers();
        bad.addRawHeader("X", "a\r\nInjected: 1");
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("GET", "http://h/", bad, null));
        Headers nul = new Headers();
        nul.addRawHeader("X", "a\0b");
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("GET", "http://h/", nul, null));
        Headers badName = new Headers();
        badName.addRawHeader("X Y", "1");
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("GET", "http://h/", badName, null));
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("GET\r\n", "http://h/", null, null));
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("G ET", "http://h/", null, null));
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("GET", "http://h/a\r\nX: 1", null, null));
        assertThrows(InvalidRequestError.class, () -> ClientRequest.create("GET", "http://h/a b", null, null));
        Headers tab = new Headers();
        tab.addRawHeader("X", "a\tb");
        ClientRequest ok = assertDoesNotThrow(tab);
        assertEquals("a\tb", ok.headers().getLast("X").orElseThrow());
    }

    private static ClientRequest assertDoesNotThrow(Headers h) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ClientRequest.create("GET", "http://h/", h, null));
    }

    @Test
    void badUrlsAreInvalidUrlErrors() {
        for (String url : new String[] {"a_bad_url", "ftp://h/", "http://", "http:///x", "http://h:bad/", "%"}) {
            assertThrows(InvalidUrlError.class, () -> ClientRequest.create("GET", url, null, null), url);
        }
    }

    @Test
    void unknownLengthBodyIsSentChunked() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        Deferred<Void> finished = new Deferred<>();
        Consumer[] consumer = new Consumer[1];
        BodyProducer producer = new BodyProducer() {
            @Override
            public OptionalLong length() {
                return OptionalLong.empty();
            }

            @Override
            public Deferred<Void> startProducing(Consumer c) {
                consumer[0] = c;
                return finished;
            }

            @Override
            public void stopProducing() {
            }
        };
        p.request(ClientRequest.create("POST", "http://h/up", null, producer), true);
        consumer[0].write(b("hello"));
        consumer[0].write(b("0123456789abcdefg"));
        finished.callback(null);
        assertEquals("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n11\r\n0123456789abcdefg\r\n0\r\n\r\n", t.valueAsString());
    }

    @Test
    void knownLengthBodyHasContentLengthAndWrongLengthFails() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        p.request(ClientRequest.create("PUT", "http://h/", null, BodyProducer.ofBytes(b("abc"))), true);
        assertEquals("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc", t.valueAsString());

        HttpClientProtocol q = protocol(0);
        StringTransport u = StringTransport.connect(q);
        BodyProducer liar = new BodyProducer() {
            @Override
            public OptionalLong length() {
                return OptionalLong.of(10);
            }

            @Override
            public Deferred<Void> startProducing(Consumer c) {
                c.write(b("abc"));
                return Deferred.succeed(null);
            }

            @Override
            public void stopProducing() {
            }
        };
        Deferred<Response> d = q.request(ClientRequest.create("PUT", "http://h/", null, liar), true);
        failureResultOf(d, RequestTransmissionFailed.class);
        assertTrue(u.isDisconnecting());
    }

    @Test
    void responseTimeoutAbortsAndFails() throws Exception {
        HttpClientProtocol p = protocol(5);
        StringTransport t = StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        clock.advance(4.9);
        assertNoResult(d);
        clock.advance(0.2);
        failureResultOf(d, ResponseTimeoutError.class);
        assertTrue(t.isDisconnecting());
    }

    @Test
    void headBeforeTimeoutCancelsIt() throws Exception {
        HttpClientProtocol p = protocol(5);
        StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        successResultOf(d);
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void connectionLostBeforeResponseIsResponseNeverReceived() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        p.connectionLost(new Failure(new ConnectionDone("closed")));
        failureResultOf(d, ResponseNeverReceived.class);
    }

    BadResponseError.Kind badResponse(String response) throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        p.dataReceived(b(response));
        Object[] out = new Object[1];
        d.addCallbacks(r -> {
            out[0] = r;
            return null;
        }, f -> {
            out[0] = f;
            return null;
        });
        Throwable cause;
        if (out[0] instanceof Response r) {
            cause = failureResultOf(r.readBody(), ResponseFailed.class).value().getCause();
        } else {
            Failure f = (Failure) out[0];
            assertTrue(f.check(ResponseFailed.class), f.toString());
            cause = f.value().getCause();
        }
        assertTrue(t.isDisconnecting(), "the connection is aborted");
        return ((BadResponseError) cause).kind();
    }

    @Test
    void hostileResponsesGetSpecificErrors() throws Exception {
        assertEquals(BadResponseError.Kind.STATUS_LINE, badResponse("HTTP/2 200 OK\r\n\r\n"));
        assertEquals(BadResponseError.Kind.STATUS_LINE, badResponse("HTTP/1.1 2000 OK\r\n\r\n"));
        assertEquals(BadResponseError.Kind.STATUS_LINE, badResponse("garbage\r\n\r\n"));
        assertEquals(BadResponseError.Kind.HEADER, badResponse("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"));
        assertEquals(BadResponseError.Kind.HEADER, badResponse("HTTP/1.1 200 OK\r\nA b: c\r\n\r\n"));
        assertEquals(BadResponseError.Kind.CONTENT_LENGTH,
                badResponse("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n"));
        assertEquals(BadResponseError.Kind.CONTENT_LENGTH, badResponse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"));
        assertEquals(BadResponseError.Kind.CONTENT_LENGTH,
                badResponse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertEquals(BadResponseError.Kind.CHUNK,
                badResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        assertEquals(BadResponseError.Kind.CHUNK,
                badResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"));
        assertEquals(BadResponseError.Kind.CHUNK,
                badResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n"));
        assertEquals(BadResponseError.Kind.HEADERS_TOO_LONG,
                badResponse("HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseParser.MAX_LINE + 1)));
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 10; i++) {
            many.append("X").append(i).append(": ").append("a".repeat(ResponseParser.MAX_HEADER_BYTES / 10)).append("\r\n");
        }
        assertEquals(BadResponseError.Kind.HEADERS_TOO_LONG, badResponse(many.toString()));
    }

    @Test
    void truncatedBodyIsResponseFailed() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        Deferred<byte[]> body = successResultOf(d).readBody();
        p.connectionLost(new Failure(new ConnectionDone("closed")));
        Failure f = failureResultOf(body, ResponseFailed.class);
        assertEquals(BadResponseError.Kind.TRUNCATED, ((BadResponseError) f.value().getCause()).kind());
    }

    @Test
    void persistentConnectionIsHandedBack() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        HttpClientProtocol[] back = new HttpClientProtocol[1];
        p.setOwner(new HttpClientProtocol.Owner() {
            @Override
            public void reusable(HttpClientProtocol protocol) {
                back[0] = protocol;
            }

            @Override
            public void closed(HttpClientProtocol protocol) {
            }
        });
        Deferred<Response> d = p.request(get("http://h/"), true);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        assertEquals("ok", new String(successResultOf(successResultOf(d).readBody()), StandardCharsets.UTF_8));
        assertEquals(p, back[0]);
        assertEquals(false, t.isDisconnecting());
        assertEquals(HttpClientProtocol.State.IDLE, p.state());
        t.clear();
        p.request(get("http://h/2"), true);
        assertTrue(t.valueAsString().startsWith("GET /2 HTTP/1.1\r\n"));
    }

    @Test
    void transferEncodingWinsOverContentLengthAndTheConnectionIsNotReused() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        boolean[] reused = {false};
        p.setOwner(new HttpClientProtocol.Owner() {
            @Override
            public void reusable(HttpClientProtocol protocol) {
                reused[0] = true;
            }

            @Override
            public void closed(HttpClientProtocol protocol) {
            }
        });
        Deferred<Response> d = p.request(get("http://h/"), true);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"));
        assertEquals("ok", new String(successResultOf(successResultOf(d).readBody()), StandardCharsets.UTF_8));
        assertTrue(reused[0], "RFC 9112 6.3: chunked framing ends the message; the connection stays usable");
        assertEquals(false, t.isDisconnecting());
    }

    @Test
    void bytesAfterTheResponseMakeTheConnectionUnusable() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        boolean[] reused = {false};
        p.setOwner(new HttpClientProtocol.Owner() {
            @Override
            public void reusable(HttpClientProtocol protocol) {
                reused[0] = true;
            }

            @Override
            public void closed(HttpClientProtocol protocol) {
            }
        });
        Deferred<Response> d = p.request(get("http://h/"), true);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n"));
        assertEquals("ok", new String(successResultOf(successResultOf(d).readBody()), StandardCharsets.UTF_8));
        assertEquals(false, reused[0]);
        assertTrue(t.isDisconnecting());
    }

    @Test
    void earlyResponseWhileTheBodyIsStillSentClosesAfterwards() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        boolean[] stopped = {false};
        BodyProducer slow = new BodyProducer() {
            @Override
            public OptionalLong length() {
                return OptionalLong.empty();
            }

            @Override
            public Deferred<Void> startProducing(Consumer c) {
                c.write(b("part"));
                return new Deferred<>();
            }

            @Override
            public void stopProducing() {
                stopped[0] = true;
            }
        };
        Deferred<Response> d = p.request(ClientRequest.create("POST", "http://h/", null, slow), true);
        p.dataReceived(b("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(413, successResultOf(d).code());
        p.connectionLost(new Failure(new ConnectionDone("closed")));
        assertTrue(stopped[0], "the producer is stopped when the connection goes");
    }

    @Test
    void bodyFlowControlPausesTheConnectionAndAPooledConnectionIsResumed() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        p.setOwner(new HttpClientProtocol.Owner() {
            @Override
            public void reusable(HttpClientProtocol protocol) {
            }

            @Override
            public void closed(HttpClientProtocol protocol) {
            }
        });
        Deferred<Response> d = p.request(get("http://h/"), true);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab"));
        Failure[] end = new Failure[1];
        successResultOf(d).deliverBody(new io.torsion.internet.Protocol() {
            @Override
            public void connectionMade() {
                transport().pauseProducing();
            }

            @Override
            public void connectionLost(Failure reason) {
                end[0] = reason;
            }
        });
        assertEquals(StringTransport.ProducerState.PAUSED, t.producerState());
        p.dataReceived(b("cd"));
        assertTrue(end[0].check(ResponseDone.class));
        assertEquals(StringTransport.ProducerState.PRODUCING, t.producerState());
    }

    @Test
    void stoppingTheBodyAbortsTheConnection() throws Exception {
        HttpClientProtocol p = protocol(0);
        StringTransport t = StringTransport.connect(p);
        Deferred<Response> d = p.request(get("http://h/"), false);
        p.dataReceived(b("HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\nab"));
        successResultOf(d).deliverBody(new io.torsion.internet.Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                transport().stopProducing();
            }
        });
        assertEquals(StringTransport.ConnectionState.ABORTED, t.connectionState());
    }

    @Test
    void ipv6LiteralsAndDefaultPortsInHostAndTarget() throws Exception {
        ClientRequest v6 = ClientRequest.create("GET", "http://[::1]:8080/p", null, null);
        assertEquals("::1", v6.connectHost());
        assertEquals("[::1]:8080", v6.hostHeader());
        ClientRequest https = ClientRequest.create("GET", "https://h/x?y#frag", null, null);
        assertEquals(443, https.port());
        assertEquals("h", https.hostHeader());
        assertEquals("/x?y", https.target(), "the fragment is never sent");
        assertEquals("/", ClientRequest.create("GET", "http://h", null, null).target());
    }
}
