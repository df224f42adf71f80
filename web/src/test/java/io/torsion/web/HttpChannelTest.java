package io.torsion.web;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionLost;
import io.torsion.internet.DelayedCall;
import io.torsion.testing.ChunkFeeder;
import io.torsion.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpChannelTest {
    static final String GET = "GET /hello HTTP/1.1\r\nHost: h\r\n\r\n";

    @AfterEach
    void resetHeadFlag() {
        Harness.Response.HEAD.set(false);
    }

    static Resource root() {
        Resource root = new Resource();
        root.putChild("hello", Harness.text("hi there"));
        return root;
    }

    /** A resource whose GETs wait on Deferreds the test fires. */
    static final class Pending extends Resource {
        final List<Deferred<byte[]>> waiting = new ArrayList<>();
        final List<Request> requests = new ArrayList<>();

        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        protected RenderResult renderGET(Request request) {
            Deferred<byte[]> d = new Deferred<>();
            waiting.add(d);
            requests.add(request);
            return RenderResult.later(d);
        }
    }

    @Test
    void simpleGet() {
        Harness h = new Harness(root()).send(GET);
        Harness.Response r = h.only();
        assertEquals(200, r.status());
        assertEquals("hi there", r.body());
        assertEquals("8", r.header("Content-Length"));
        assertEquals("text/plain", r.header("Content-Type"));
        assertTrue(r.headers().containsKey("date"));
        assertFalse(h.closed());
    }

    @Test
    void getFedInEveryChunkSize() {
        byte[] in = (GET + GET).getBytes(StandardCharsets.US_ASCII);
        ChunkFeeder.forEachChunkSize(in, chunks -> {
            Harness h = new Harness(root());
            ChunkFeeder.feed(h.channel, chunks);
            assertEquals(2, h.responses().size());
        });
    }

    @Test
    void unknownPathIs404AndRootWithoutEmptyChildIs404() {
        assertEquals(404, new Harness(root()).send("GET /nope HTTP/1.1\r\nHost: h\r\n\r\n").only().status());
        assertEquals(404, new Harness(root()).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").only().status());
    }

    @Test
    void pipelinedResponsesInRequestOrder() {
        Pending slow = new Pending();
        Resource root = root();
        root.putChild("slow", slow);
        Harness h = new Harness(root).send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n" + GET + GET);
        assertEquals("", h.transport.valueAsString());
        assertEquals(1, slow.waiting.size());
        slow.waiting.get(0).callback("first".getBytes(StandardCharsets.US_ASCII));
        List<Harness.Response> rs = h.responses();
        assertEquals(List.of("first", "hi there", "hi there"), rs.stream().map(Harness.Response::body).toList());
    }

    @Test
    void readAheadIsBoundedThenReadingPauses() {
        Pending slow = new Pending();
        Harness h = new Harness(slow, HttpSettings.defaults().withBuffering(100, 1000));
        h.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(StringTransport.ProducerState.PRODUCING, h.transport.producerState());
        String more = "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n".repeat(4); // 116 bytes > 100
        h.send(more);
        assertEquals(StringTransport.ProducerState.PAUSED, h.transport.producerState());
        slow.waiting.get(0).callback(new byte[0]);
        // the next request is now being answered and the buffer is below the bound again
        assertEquals(StringTransport.ProducerState.PRODUCING, h.transport.producerState());
        assertEquals(2, slow.waiting.size());
    }

    @Test
    void chunkedResponseWhenNoLengthIsSet() {
        Resource root = new Resource();
        root.putChild("s", new Resource() {
            @Override
            protected RenderResult renderGET(Request request) {
                request.write("ab".getBytes(StandardCharsets.US_ASCII));
                request.write(new byte[0]);
                request.write("cde".getBytes(StandardCharsets.US_ASCII));
                request.finish();
                return RenderResult.notDoneYet();
            }
        });
        Harness h = new Harness(root).send("GET /s HTTP/1.1\r\nHost: h\r\n\r\n");
        Harness.Response r = h.only();
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("abcde", r.body());
        assertTrue(r.raw().endsWith("2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n"), r.raw());
        assertEquals("text/html", r.header("Content-Type"));
        assertFalse(h.closed());
    }

    @Test
    void http10StreamedBodyEndsWithClose() {
        Resource root = new Resource();
        root.putChild("s", new Resource() {
            @Override
            protected RenderResult renderGET(Request request) {
                request.write("ab".getBytes(StandardCharsets.US_ASCII));
                request.finish();
                return RenderResult.notDoneYet();
            }
        });
        Harness h = new Harness(root).send("GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        Harness.Response r = h.only();
        assertEquals("ab", r.body());
        assertEquals("close", r.header("Connection"));
        assertTrue(h.closed());
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() {
        Harness h = new Harness(root());
        h.send("POST /hello HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", h.transport.valueAsString());
        h.send("abc");
        List<Harness.Response> rs = h.responses();
        assertEquals(100, rs.get(0).status());
        assertEquals("abc", rs.get(1).body());
    }

    @Test
    void expectContinueWithTooLargeBodyGets413Only() {
        Harness h = new Harness(root(), HttpSettings.defaults().withMaxBodySize(2));
        h.send("POST /hello HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertEquals(413, h.only().status());
        assertTrue(h.closed());
    }

    @Test
    void connectionCloseAnywhereInTheList() {
        Harness h = new Harness(root()).send("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close\r\n\r\n" + GET);
        Harness.Response r = h.only();
        assertEquals("close", r.header("Connection"));
        assertTrue(h.closed());
    }

    @Test
    void http10ClosesByDefaultAndKeepsAliveIfAsked() {
        Harness a = new Harness(root()).send("GET /hello HTTP/1.0\r\n\r\n");
        assertEquals("close", a.only().header("Connection"));
        assertTrue(a.closed());
        Harness b = new Harness(root()).send("GET /hello HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        assertEquals("keep-alive", b.only().header("Connection"));
        assertFalse(b.closed());
        b.send("GET /hello HTTP/1.0\r\n\r\n");
        assertEquals(2, b.responses().size());
        assertTrue(b.closed());
    }

    @Test
    void halfClosedClientStillGetsTheAnswers() {
        Pending slow = new Pending();
        Resource root = root();
        root.putChild("slow", slow);
        Harness h = new Harness(root).send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n" + GET);
        h.channel.readConnectionLost();
        assertFalse(h.closed());
        slow.waiting.get(0).callback("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, h.responses().size());
        assertTrue(h.closed());
    }

    @Test
    void halfCloseMidRequestCloses() {
        Harness h = new Harness(root()).send("GET /hello HTTP/1.1\r\nHo");
        h.channel.readConnectionLost();
        assertTrue(h.closed());
        assertEquals("", h.transport.valueAsString());
    }

    @Test
    void headFromGetHasLengthButNoBody() {
        Harness.Response.HEAD.set(true);
        Harness h = new Harness(root()).send("HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n" + "HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n");
        List<Harness.Response> rs = h.responses();
        assertEquals(2, rs.size());
        assertEquals("8", rs.get(0).header("Content-Length"));
        assertTrue(rs.get(0).raw().endsWith("\r\n\r\n"));
    }

    @Test
    void unsupportedMethodIs405WithAllow() {
        Harness.Response r = new Harness(root()).send("DELETE /hello HTTP/1.1\r\nHost: h\r\n\r\n").only();
        assertEquals(405, r.status());
        assertEquals("GET, POST, HEAD", r.header("Allow"));
    }

    @Test
    void errorInResourceIs500WithoutStackTrace() {
        Resource root = new Resource();
        root.putChild("boom", new Resource() {
            @Override
            protected RenderResult renderGET(Request request) {
                request.setHeader("X-Partial", "1");
                throw new IllegalStateException("secret detail");
            }
        });
        root.putChild("later", new Resource() {
            @Override
            protected RenderResult renderGET(Request request) {
                return RenderResult.later(Deferred.fail(new IllegalStateException("secret detail")));
            }
        });
        for (String path : List.of("/boom", "/later")) {
            Harness h = new Harness(root).send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n");
            Harness.Response r = h.only();
            assertEquals(500, r.status());
            assertFalse(r.raw().contains("secret"), r.raw());
            assertFalse(r.raw().contains("Exception"), r.raw());
            assertNull(r.header("X-Partial"));
        }
    }

    @Test
    void notifyFinishFiresOnFinishAndFailsWhenTheClientGoesAway() {
        Pending slow = new Pending();
        Harness h = new Harness(slow).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Deferred<Void> d = slow.requests.get(0).notifyFinish();
        assertNoResult(d);
        h.channel.connectionLost(new Failure(new ConnectionLost("gone")));
        failureResultOf(d, ConnectionLost.class);
        // a late answer is dropped without error
        slow.waiting.get(0).callback("late".getBytes(StandardCharsets.US_ASCII));
        assertEquals("", h.transport.valueAsString());

        Pending slow2 = new Pending();
        new Harness(slow2).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Deferred<Void> ok = slow2.requests.get(0).notifyFinish();
        slow2.waiting.get(0).callback(new byte[0]);
        assertNull(successResultOf(ok));
    }

    @Test
    void requestAttributes() {
        List<Request> seen = new ArrayList<>();
        Resource root = new Resource();
        root.putChild("a b", new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderPOST(Request request) {
                seen.add(request);
                request.addCookie("k", "v", "Path=/", "HttpOnly");
                request.redirect("/elsewhere");
                return RenderResult.body(new byte[0]);
            }
        });
        String form = "f=1&f=2&g=%C3%A9";
        Harness h = new Harness(root).send("POST /a%20b/c/d?x=1&x=2&y=&z=a+b HTTP/1.1\r\nHost: example.com:8080\r\n"
                + "Cookie: a=1; sess=xyz\r\nX-Thing: one\r\nx-thing: two\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form);
        Request r = seen.get(0);
        assertEquals("POST", r.getMethod());
        assertEquals("/a%20b/c/d", r.getPath());
        assertEquals(List.of("a b"), r.getPrepath());
        assertEquals(List.of("c", "d"), r.getPostpath());
        assertEquals(List.of("1", "2"), r.getArgs().get("x"));
        assertEquals(List.of(""), r.getArgs().get("y"));
        assertEquals(List.of("a b"), r.getArgs().get("z"));
        assertEquals(List.of("1", "2"), r.getArgs().get("f"));
        assertEquals("é", r.getArg("g").orElseThrow());
        assertEquals(List.of("one", "two"), r.getRequestHeaders().getRawHeaders("X-THING"));
        assertEquals("two", r.getHeader("x-thing").orElseThrow());
        assertEquals("xyz", r.getCookie("sess").orElseThrow());
        assertTrue(r.getCookie("nope").isEmpty());
        assertEquals("example.com", r.getRequestHostname());
        assertEquals(StringTransport.DEFAULT_PEER, r.getClientAddress());
        assertEquals(StringTransport.DEFAULT_HOST, r.getHost());
        assertEquals("http://example.com:12345/a%20b", r.prePathURL());
        assertFalse(r.isSecure());
        assertEquals("", r.getUser());
        Harness.Response resp = h.only();
        assertEquals(302, resp.status());
        assertEquals("/elsewhere", resp.header("Location"));
        assertEquals("k=v; Path=/; HttpOnly", resp.header("Set-Cookie"));
    }

    @Test
    void largeBodyIsSpooledAndReadBack() throws Exception {
        List<Request> seen = new ArrayList<>();
        Resource root = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderPUT(Request request) throws Exception {
                seen.add(request);
                return RenderResult.body(request.content().readAllBytes());
            }
        };
        String body = "x".repeat(5000);
        Harness h = new Harness(root, HttpSettings.defaults().withBuffering(1000, 1000));
        h.send("PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(5000) + "\r\n" + body + "\r\n0\r\n\r\n");
        assertEquals(body, h.only().body());
        assertEquals(5000, seen.get(0).contentLength());
    }

    @Test
    void headerDeadlineCannotBeResetByTrickling() {
        Harness h = new Harness(root());
        h.send("GET /hello HTTP/1.1\r\n");
        for (int i = 0; i < 29; i++) {
            h.clock.advance(1);
            h.send("X-" + i + ": y\r\n");
        }
        assertFalse(h.closed());
        h.clock.advance(1.001);
        assertEquals(StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
    }

    @Test
    void keepAliveIdleTimeout() {
        Harness h = new Harness(root()).send(GET);
        h.clock.advance(59);
        assertFalse(h.closed());
        h.send(GET);
        h.clock.advance(59);
        assertFalse(h.closed());
        h.clock.advance(1.001);
        assertEquals(StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
        assertEquals(2, h.responses().size());
    }

    @Test
    void theIdleTimerIsNotScheduledAgainForEachRequestYetCountsFromTheLastOne() {
        Harness h = new Harness(root()).send(GET);
        assertEquals(1, h.clock.getDelayedCalls().size());
        DelayedCall timer = h.clock.getDelayedCalls().get(0);
        h.clock.advance(30);
        h.send(GET).send(GET);
        assertEquals(List.of(timer), h.clock.getDelayedCalls(), "the same timer, still due at 60 s");
        h.clock.advance(30); // at 60 s it finds 30 s of idleness and waits for the other 30
        assertFalse(h.closed());
        h.clock.advance(29.999);
        assertFalse(h.closed());
        h.clock.advance(0.002);
        assertEquals(StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
        assertEquals(3, h.responses().size());
    }

    @Test
    void aSlowResponseIsNotIdleAndIdlenessStartsWhenItIsDone() {
        Pending slow = new Pending();
        Harness h = new Harness(slow).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        h.clock.advance(120); // the idle timer from before the request fires while it is being answered
        assertFalse(h.closed());
        slow.waiting.get(0).callback("late".getBytes(StandardCharsets.US_ASCII));
        assertEquals("late", h.only().body());
        h.clock.advance(59.999);
        assertFalse(h.closed());
        h.clock.advance(0.002);
        assertEquals(StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
    }

    @Test
    void slowBodyIsAbortedAndTricklingCannotPrevent() {
        Harness h = new Harness(root(), HttpSettings.defaults().withMinBodyRate(10, java.time.Duration.ofSeconds(10)));
        h.send("POST /hello HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n");
        h.send("x".repeat(100)); // exactly 10 bytes/s over the first window: fine
        h.clock.advance(10);
        assertFalse(h.closed());
        for (int i = 0; i < 9; i++) {
            h.send("x".repeat(10)); // 99 bytes in the second window: too slow
            h.clock.advance(1);
        }
        h.send("x".repeat(9));
        h.clock.advance(1);
        assertEquals(StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
    }

    @Test
    void bodyRateTimerStopsWithTheBody() {
        Harness h = new Harness(root(), HttpSettings.defaults().withMinBodyRate(10, java.time.Duration.ofSeconds(10)));
        h.send("POST /hello HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        h.clock.advance(30);
        assertFalse(h.closed());
        assertEquals("abc", h.only().body());
    }

    @Test
    void noTimeoutWhileRendering() {
        Pending slow = new Pending();
        Harness h = new Harness(slow).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        h.clock.advance(1000);
        assertFalse(h.closed());
        slow.waiting.get(0).callback(new byte[0]);
        h.clock.advance(60.001);
        assertTrue(h.closed());
    }

    @Test
    void connectionDoneMidRequestIsQuiet() {
        Harness h = new Harness(root()).send("POST /hello HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nab");
        h.channel.connectionLost(new Failure(new ConnectionDone("bye")));
        assertEquals("", h.transport.valueAsString());
    }

    static Stream<Arguments> hostile() {
        return HttpParserTest.hostile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileRequestsGetOneErrorAndClose(String name, String input, int status) {
        byte[] in = (input + GET).getBytes(StandardCharsets.ISO_8859_1);
        ChunkFeeder.forEachChunkSize(in, chunks -> {
            Harness h = new Harness(root());
            ChunkFeeder.feed(h.channel, chunks);
            Harness.Response r = h.only();
            assertEquals(status, r.status());
            assertEquals("close", r.header("Connection"));
            assertEquals(StringTransport.ConnectionState.DISCONNECTING, h.transport.connectionState());
        });
    }

    @Test
    void accessLogInCombinedFormat() {
        Harness h = new Harness(root());
        List<String> lines = new ArrayList<>();
        h.site.setAccessLog(lines::add);
        h.send("GET /hello?q=1 HTTP/1.1\r\nHost: h\r\nUser-Agent: a \"quoted\" \u00e9\r\nReferer: http://r/\r\n\r\n");
        h.send("GET /nope HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(2, lines.size());
        String line = lines.get(0);
        assertTrue(line.matches("192\\.168\\.1\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] .*"), line);
        assertTrue(line.endsWith("\"GET /hello?q=1 HTTP/1.1\" 200 8 \"http://r/\" \"a \\\"quoted\\\" \\xe9\""), line);
        assertTrue(lines.get(1).contains("\"GET /nope HTTP/1.1\" 404 "), lines.get(1));
        assertEquals("- - [25/Nov/2026:01:20:48 +0000]", Site.combinedLogLine(lastRequest(h), java.time.Instant.parse("2026-11-25T01:20:48Z"))
                .replaceAll("^\\S+ ", "").substring(0, 32));
    }

    @Test
    void dateHeaderIsFormattedOncePerSecondAndFollowsTheWallClock() {
        Harness h = new Harness(root());
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(
                java.time.Instant.parse("2026-11-25T01:20:48.100Z").toEpochMilli());
        h.site.setWallClock(now::get);
        List<String> log = new ArrayList<>();
        h.site.setAccessLog(log::add);
        h.send(GET);
        now.addAndGet(899); // 01:20:48.999: the same second
        h.send(GET);
        now.addAndGet(1); // 01:20:49.000: the next one
        h.send(GET);
        now.set(java.time.Instant.parse("2026-11-25T01:20:47Z").toEpochMilli()); // stepped back
        h.send(GET);
        List<Harness.Response> r = h.responses();
        assertEquals(4, r.size());
        assertEquals("Wed, 25 Nov 2026 01:20:48 GMT", r.get(0).header("Date"));
        assertEquals("Wed, 25 Nov 2026 01:20:48 GMT", r.get(1).header("Date"));
        assertEquals("Wed, 25 Nov 2026 01:20:49 GMT", r.get(2).header("Date"));
        assertEquals("Wed, 25 Nov 2026 01:20:47 GMT", r.get(3).header("Date"));
        assertTrue(log.get(1).contains("[25/Nov/2026:01:20:48 +0000]"), log.get(1));
        assertTrue(log.get(2).contains("[25/Nov/2026:01:20:49 +0000]"), log.get(2));
        assertTrue(log.get(3).contains("[25/Nov/2026:01:20:47 +0000]"), log.get(3));
    }

    @Test
    void aDateSetByTheResourceIsKept() {
        Resource root = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                request.setHeader("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
                return RenderResult.body(new byte[0]);
            }
        };
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT",
                new Harness(root).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").only().header("Date"));
    }

    private static Request lastRequest(Harness h) {
        List<Request> seen = new ArrayList<>();
        Resource r = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                seen.add(request);
                return RenderResult.body(new byte[0]);
            }
        };
        new Harness(r).send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        return seen.get(0);
    }

    @Test
    void pausedPushProducerIsAbortedAfterTheSendTimeout() {
        List<String> calls = new ArrayList<>();
        Resource root = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                request.registerProducer(new io.torsion.internet.PushProducer() {
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
                }, true);
                request.write("x".getBytes(StandardCharsets.US_ASCII));
                return RenderResult.notDoneYet();
            }
        };
        Harness h = new Harness(root, HttpSettings.defaults().withSendTimeout(java.time.Duration.ofSeconds(5)));
        h.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        io.torsion.internet.PushProducer guard = (io.torsion.internet.PushProducer) h.transport.producer().orElseThrow();
        h.clock.advance(100); // producing: no limit
        guard.pauseProducing();
        h.clock.advance(4);
        guard.resumeProducing();
        h.clock.advance(100);
        assertFalse(h.closed());
        guard.pauseProducing();
        h.clock.advance(5.001);
        assertEquals(StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
        assertEquals(List.of("pause", "resume", "pause"), calls);
    }

    @Test
    void basicCredentials() {
        List<Request> seen = new ArrayList<>();
        Resource r = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                seen.add(request);
                return RenderResult.body(new byte[0]);
            }
        };
        String token = java.util.Base64.getEncoder().encodeToString("al:ice:pw".getBytes(StandardCharsets.UTF_8));
        new Harness(r).send("GET / HTTP/1.1\r\nHost: h\r\nAuthorization: basic " + token + "\r\n\r\n");
        new Harness(r).send("GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Basic !!!\r\n\r\n");
        assertEquals("al", seen.get(0).getUser());
        assertEquals("ice:pw", seen.get(0).getPassword());
        assertEquals("", seen.get(1).getUser());
        assertEquals("", seen.get(1).getPassword());
    }
}
