package io.torsion.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.internet.ConnectionRefusedError;
import io.torsion.internet.Consumer;
import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;
import io.torsion.web.RenderResult;
import io.torsion.web.Request;
import io.torsion.web.Resource;
import io.torsion.web.Site;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Agent and getPage against the web module's Site and tiny hand-written servers over 127.0.0.1. */
@Timeout(180)
class AgentLiveTest {
    LiveServer live;
    int sitePort;

    static Resource leaf(String text) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                request.setHeader("Content-Type", "text/plain");
                return RenderResult.body(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            protected RenderResult renderPOST(Request request) throws Exception {
                return RenderResult.body(request.content().readAllBytes());
            }
        };
    }

    static Resource redirectTo(String location) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                request.redirect(location);
                return RenderResult.body(new byte[0]);
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        live = new LiveServer();
        Resource root = new Resource();
        root.putChild("hello", leaf("hi there"));
        root.putChild("echo", leaf("use POST"));
        root.putChild("moved", redirectTo("/hello"));
        root.putChild("loop", redirectTo("/loop"));
        root.putChild("gz", new io.torsion.web.EncodingResourceWrapper(leaf("squeeze me ".repeat(500))));
        sitePort = LiveServer.port(live.call(() -> live.reactor.listenTCP(0, new Site(root, live.reactor), "127.0.0.1")));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + sitePort + path;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void getPageFetchesABody() throws Exception {
        assertEquals("hi there", text(live.await(() -> Client.getPage(live.reactor, url("/hello")))));
    }

    @Test
    void getPageFailsWithHttpErrorOnA404() throws Exception {
        HttpError e = assertThrows(HttpError.class, () -> live.await(() -> Client.getPage(live.reactor, url("/nope"))));
        assertEquals(404, e.status());
        assertTrue(e.bodyText().contains("No Such Resource") || !e.bodyText().isEmpty(), e.bodyText());
    }

    @Test
    void getPageFailsThroughTheErrbackOnABadUrl() throws Exception {
        Deferred<byte[]>[] d = new Deferred[1];
        live.call(() -> d[0] = Client.getPage(live.reactor, "a_bad_url"));
        InvalidUrlError e = assertThrows(InvalidUrlError.class, () -> live.await(() -> d[0]));
        assertTrue(e.getMessage().contains("a_bad_url"), e.getMessage());
    }

    @Test
    void getPageFailsWithConnectionRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        int port = closed;
        assertThrows(ConnectionRefusedError.class,
                () -> live.await(() -> Client.getPage(live.reactor, "http://127.0.0.1:" + port + "/")));
    }

    @Test
    void redirectsAreFollowedAndLimited() throws Exception {
        assertEquals("hi there", text(live.await(() -> Client.getPage(live.reactor, url("/moved")))));
        assertThrows(RedirectLimitError.class, () -> live.await(() -> Client.getPage(live.reactor, url("/loop"))));
    }

    @Test
    void postsKnownAndUnknownLengthBodies() throws Exception {
        byte[] body = new byte[200_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor));
        Response r = live.await(() -> agent.request("POST", url("/echo"), null, BodyProducer.ofBytes(body)));
        assertEquals(200, r.code());
        assertArrayEquals(body, live.await(r::readBody));

        BodyProducer chunked = new BodyProducer() {
            @Override
            public OptionalLong length() {
                return OptionalLong.empty();
            }

            @Override
            public Deferred<Void> startProducing(Consumer consumer) {
                for (int off = 0; off < body.length; off += 7000) {
                    consumer.write(java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + 7000)));
                }
                return Deferred.succeed(null);
            }

            @Override
            public void stopProducing() {
            }
        };
        Response c = live.await(() -> agent.request("POST", url("/echo"), null, chunked));
        assertArrayEquals(body, live.await(c::readBody));
    }

    /** A server that answers every request on a connection with a fixed keep-alive response. */
    final class KeepAliveServer {
        final AtomicInteger connections = new AtomicInteger();
        /** The request index (per connection) at which the server closes without answering; -1 never. */
        volatile int dropAt = -1;
        int port;

        KeepAliveServer start() throws Exception {
            ServerFactory<Protocol> f = new ServerFactory<>(() -> new Protocol() {
                final StringBuilder seen = new StringBuilder();
                int requests;

                @Override
                public void connectionMade() {
                    connections.incrementAndGet();
                }

                @Override
                public void dataReceived(byte[] data) {
                    seen.append(new String(data, StandardCharsets.ISO_8859_1));
                    int end;
                    while ((end = seen.indexOf("\r\n\r\n")) >= 0) {
                        seen.delete(0, end + 4);
                        if (requests++ == dropAt) {
                            transport().loseConnection();
                            return;
                        }
                        transport().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            });
            port = LiveServer.port(live.call(() -> live.reactor.listenTCP(0, f, "127.0.0.1")));
            return this;
        }
    }

    @Test
    void persistentPoolReusesOneConnection() throws Exception {
        KeepAliveServer server = new KeepAliveServer().start();
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor, new HttpConnectionPool(live.reactor, true),
                AgentOptions.defaults()));
        for (int i = 0; i < 3; i++) {
            assertEquals("ok", text(live.await(() -> Client.getPage(agent, "http://127.0.0.1:" + server.port + "/"))));
        }
        assertEquals(1, server.connections.get());
        assertEquals(1, (int) live.call(() -> agent.pool().idleConnectionCount()));
        live.await(() -> agent.pool().closeCachedConnections());
        assertEquals(0, (int) live.call(() -> agent.pool().idleConnectionCount()));
    }

    @Test
    void nonPersistentAgentUsesOneConnectionPerRequest() throws Exception {
        KeepAliveServer server = new KeepAliveServer().start();
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor));
        for (int i = 0; i < 2; i++) {
            live.await(() -> Client.getPage(agent, "http://127.0.0.1:" + server.port + "/"));
        }
        assertEquals(2, server.connections.get());
    }

    @Test
    void staleReusedConnectionIsRetriedOnceForIdempotentRequests() throws Exception {
        KeepAliveServer server = new KeepAliveServer().start();
        server.dropAt = 1; // the second request on a connection finds it closed
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor, new HttpConnectionPool(live.reactor, true),
                AgentOptions.defaults()));
        String u = "http://127.0.0.1:" + server.port + "/";
        live.await(() -> Client.getPage(agent, u));
        assertEquals("ok", text(live.await(() -> Client.getPage(agent, u))));
        assertEquals(2, server.connections.get());

        live.call(() -> {
            agent.pool().setRetryAutomatically(false);
            return null;
        });
        assertThrows(ResponseNeverReceived.class, () -> live.await(() -> Client.getPage(agent, u)));
    }

    /** A server that writes {@code response} to every connection, then closes it. */
    int cannedServer(String response) throws Exception {
        ServerFactory<Protocol> f = new ServerFactory<>(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                if (new String(data, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    transport().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    transport().loseConnection();
                }
            }
        });
        return LiveServer.port(live.call(() -> live.reactor.listenTCP(0, f, "127.0.0.1")));
    }

    @Test
    void hostileResponsesFailWithSpecificErrorsAndTheReactorCarriesOn() throws Exception {
        String[][] table = {
            {"HTTP/1.1 OK\r\n\r\n", "STATUS_LINE"},
            {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", "CHUNK"},
            {"HTTP/1.1 200 OK\r\nX: " + "a".repeat(70_000) + "\r\n\r\n", "HEADERS_TOO_LONG"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n", "CONTENT_LENGTH"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "TRUNCATED"},
        };
        for (String[] row : table) {
            int port = cannedServer(row[0]);
            Exception e = assertThrows(Exception.class,
                    () -> live.await(() -> Client.getPage(live.reactor, "http://127.0.0.1:" + port + "/")));
            assertTrue(e instanceof ResponseFailed, row[1] + ": " + e);
            assertEquals(row[1], ((BadResponseError) e.getCause()).kind().name(), e.toString());
        }
        assertEquals("hi there", text(live.await(() -> Client.getPage(live.reactor, url("/hello")))));
    }

    @Test
    void responseTimeoutFiresWhenTheServerIsSilent() throws Exception {
        ServerFactory<Protocol> silent = new ServerFactory<>(() -> new Protocol() { });
        int port = LiveServer.port(live.call(() -> live.reactor.listenTCP(0, silent, "127.0.0.1")));
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor, new HttpConnectionPool(live.reactor, false),
                AgentOptions.defaults().withResponseTimeout(Duration.ofMillis(300))));
        assertThrows(ResponseTimeoutError.class,
                () -> live.await(() -> agent.request("GET", "http://127.0.0.1:" + port + "/")));
    }

    @Test
    void contentDecoderAgentDecodesTheServersGzip() throws Exception {
        Agent agent = live.call(() -> new ContentDecoderAgent(new HttpAgent(live.reactor)));
        Response r = live.await(() -> agent.request("GET", url("/gz")));
        assertTrue(r.headers().getRawHeaders("Content-Encoding").isEmpty(), r.headers().toString());
        assertEquals("squeeze me ".repeat(500), text(live.await(r::readBody)));
        assertTrue(r.previousResponse().isEmpty());

        HttpAgent plain = live.call(() -> new HttpAgent(live.reactor));
        io.torsion.web.Headers h = new io.torsion.web.Headers();
        h.addRawHeader("Accept-Encoding", "gzip");
        Response raw = live.await(() -> plain.request("GET", url("/gz"), h, null));
        assertEquals("gzip", raw.headers().getLast("Content-Encoding").orElse("none"));
        byte[] compressed = live.await(raw::readBody);
        assertTrue(compressed.length < 5500, "compressed to " + compressed.length);
    }

    @Test
    void unknownHostIsADnsLookupErrorAndTheReactorKeepsServing() throws Exception {
        // .invalid never resolves (RFC 6761); the lookup runs on the reactor's thread pool.
        Deferred<byte[]>[] d = new Deferred[1];
        live.call(() -> d[0] = Client.getPage(live.reactor, "http://no-such-host.invalid/"));
        assertEquals("hi there", text(live.await(() -> Client.getPage(live.reactor, url("/hello")))));
        assertThrows(io.torsion.internet.DNSLookupError.class, () -> live.await(() -> d[0]));
    }

    @Test
    void refusedRequestsFailThroughTheErrbackWithoutConnecting() throws Exception {
        KeepAliveServer server = new KeepAliveServer().start();
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor));
        io.torsion.web.Headers evil = new io.torsion.web.Headers();
        evil.addRawHeader("X-Evil", "a\r\nInjected: yes");
        String u = "http://127.0.0.1:" + server.port + "/";
        assertThrows(InvalidRequestError.class, () -> live.await(() -> agent.request("GET", u, evil, null)));
        assertThrows(InvalidRequestError.class, () -> live.await(() -> agent.request("GET\r\nX:", u, null, null)));
        assertThrows(InvalidRequestError.class, () -> live.await(() -> agent.request("GET", u + "a\r\nX: 1", null, null)));
        assertThrows(InvalidUrlError.class, () -> live.await(() -> agent.request("GET", "a_bad_url", null, null)));
        assertEquals("ok", text(live.await(() -> Client.getPage(agent, u))));
        assertEquals(1, server.connections.get(), "only the valid request connected");
    }

    @Test
    void cancellingTheRequestAbortsTheConnection() throws Exception {
        ServerFactory<Protocol> silent = new ServerFactory<>(() -> new Protocol() { });
        int port = LiveServer.port(live.call(() -> live.reactor.listenTCP(0, silent, "127.0.0.1")));
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor));
        Deferred<Response>[] d = new Deferred[1];
        live.call(() -> d[0] = agent.request("GET", "http://127.0.0.1:" + port + "/"));
        Deferred<Response> early = live.call(() -> {
            Deferred<Response> r = agent.request("GET", "http://127.0.0.1:" + port + "/early");
            r.cancel(); // before the connection is made: the attempt is abandoned
            return r;
        });
        assertThrows(io.torsion.defer.CancelledError.class, () -> live.await(() -> early));
        // Cancel once the request is on the wire (connection made and request written).
        assertThrows(io.torsion.defer.CancelledError.class, () -> live.await(() -> {
            io.torsion.task.Tasks.deferLater(live.reactor, 0.2, () -> {
                d[0].cancel();
                return null;
            });
            return d[0];
        }));
    }

    @Test
    void proxyAgentSendsTheAbsoluteUrlToTheProxy() throws Exception {
        StringBuilder seen = new StringBuilder();
        ServerFactory<Protocol> proxy = new ServerFactory<>(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                seen.append(new String(data, StandardCharsets.ISO_8859_1));
                if (seen.indexOf("\r\n\r\n") >= 0) {
                    transport().write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nproxied".getBytes(StandardCharsets.US_ASCII));
                    transport().loseConnection();
                }
            }
        });
        int port = LiveServer.port(live.call(() -> live.reactor.listenTCP(0, proxy, "127.0.0.1")));
        Agent agent = live.call(() -> new ProxyAgent(live.reactor, "127.0.0.1", port));
        Response r = live.await(() -> agent.request("GET", "http://example.test:8080/a?b=c"));
        assertEquals("proxied", text(live.await(r::readBody)));
        String head = live.call(seen::toString);
        assertTrue(head.startsWith("GET http://example.test:8080/a?b=c HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nHost: example.test:8080\r\n"), head);
        assertThrows(InvalidUrlError.class, () -> live.await(() -> agent.request("GET", "https://example.test/")));
    }
}
