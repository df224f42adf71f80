package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torsion.internet.IPv4Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.SelectorReactor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl and Python's http.client against a Site on a real SelectorReactor over 127.0.0.1. */
class RealClientTest {
    static final long WAIT_SECONDS = 60; // generous: a loaded two-core machine

    @TempDir
    Path tmp;
    SelectorReactor reactor;
    Thread thread;
    int port;

    @BeforeEach
    void start() throws Exception {
        Path docroot = Files.createDirectories(tmp.resolve("docroot"));
        Files.writeString(docroot.resolve("a.txt"), "hello world");
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        Files.write(docroot.resolve("big.bin"), big);
        Resource root = new Resource();
        root.putChild("hello", Harness.text("hi there"));
        root.putChild("echo", Harness.text("use POST"));
        root.putChild("files", new io.torsion.web.File(docroot));
        root.putChild("arg", new Resource() {
            @Override
            protected RenderResult renderGET(Request request) {
                return RenderResult.body(("<" + request.getArg("i").orElse("") + ">").getBytes(StandardCharsets.US_ASCII));
            }
        });

        reactor = new SelectorReactor();
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "web-test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "the reactor did not start");
        ListeningPort listening = call(() -> reactor.listenTCP(0, new Site(root, reactor), "127.0.0.1"));
        port = ((IPv4Address) listening.getHost()).port();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        call(() -> {
            root.putChild("proxy", new ReverseProxyResource("127.0.0.1", port, "", reactor));
            root.putChild("nowhere", new ReverseProxyResource("127.0.0.1", closedPort, "", reactor));
            return null;
        });
    }

    @AfterEach
    void stop() throws Exception {
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    <T> T call(Callable<T> f) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                result.complete(f.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    record Result(int exit, String out, String err) {
    }

    Result run(String stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        Path out = tmp.resolve("out-" + System.nanoTime());
        Path err = tmp.resolve("err-" + System.nanoTime());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    Result curl(String stdin, String... args) throws Exception {
        assumeTrue(onPath("curl"), "curl is not installed (Debian package: curl); skipping the curl interop test");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        cmd.addAll(List.of(args));
        Result r = run(stdin, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void curlGet() throws Exception {
        assertEquals("hi there", curl(null, url("/hello")).out());
    }

    @Test
    void curlHead() throws Exception {
        String out = curl(null, "-I", url("/hello")).out();
        assertTrue(out.startsWith("HTTP/1.1 200 OK"), out);
        assertTrue(out.toLowerCase().contains("content-length: 8"), out);
    }

    @Test
    void curlKeepAliveTwoRequests() throws Exception {
        Result r = curl(null, "-v", url("/hello"), url("/files/a.txt"));
        assertEquals("hi therehello world", r.out());
        assertTrue(r.err().matches("(?is).*re-?using existing.*connection.*"), r.err());
    }

    @Test
    void curlChunkedPost() throws Exception {
        String body = "x".repeat(100_000) + "end";
        Result r = curl(body, "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", url("/echo"));
        assertEquals(body, r.out());
    }

    @Test
    void curlRange() throws Exception {
        assertEquals("world", curl(null, "-r", "6-10", url("/files/a.txt")).out());
        String multi = curl(null, "-r", "0-1,6-7", url("/files/a.txt")).out();
        assertTrue(multi.contains("Content-Range: bytes 6-7/11\r\n\r\nwo"), multi);
        Result big = curl(null, "-o", tmp.resolve("big.out").toString(), url("/files/big.bin"));
        assertEquals(0, big.exit());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("docroot/big.bin")),
                Files.readAllBytes(tmp.resolve("big.out"))));
    }

    @Test
    void pythonHttpClient() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed (Debian package: python3); skipping the http.client test");
        String script = String.join("\n",
                "import http.client, sys",
                "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=30)",
                "c.request('GET', '/hello'); r = c.getresponse(); b = r.read()",
                "assert r.status == 200 and b == b'hi there', (r.status, b)",
                "sock = c.sock",
                "c.request('HEAD', '/hello'); r = c.getresponse(); b = r.read()",
                "assert r.status == 200 and b == b'' and r.getheader('Content-Length') == '8', r.getheaders()",
                "c.request('POST', '/echo', body=iter([b'abc', b'defg']), encode_chunked=True); r = c.getresponse()",
                "b = r.read(); assert b == b'abcdefg', b",
                "c.request('GET', '/files/a.txt', headers={'Range': 'bytes=6-'}); r = c.getresponse(); b = r.read()",
                "assert r.status == 206 and b == b'world', (r.status, b)",
                "assert c.sock is sock, 'the connection was not kept alive'",
                "c.request('GET', '/nothing'); r = c.getresponse(); r.read(); assert r.status == 404",
                "print('OK')");
        Result r = run(null, "python3", "-c", script, Integer.toString(port));
        assertEquals(0, r.exit(), r.err());
        assertEquals("OK", r.out().trim());
    }

    @Test
    void twistedAgent() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is missing (Debian package: python3-twisted)");
        Result probe = run(null, python.toString(), "-c", "import twisted.web.client");
        assumeTrue(probe.exit() == 0, "Twisted is not installed for /usr/bin/python3 (Debian package: python3-twisted)");
        String script = String.join("\n",
                "import sys",
                "from twisted.internet import task, defer",
                "from twisted.web.client import Agent, HTTPConnectionPool, readBody, FileBodyProducer",
                "from io import BytesIO",
                "@defer.inlineCallbacks",
                "def main(reactor, port):",
                "    pool = HTTPConnectionPool(reactor, persistent=True)",
                "    agent = Agent(reactor, pool=pool)",
                "    base = b'http://127.0.0.1:' + port.encode()",
                "    r = yield agent.request(b'GET', base + b'/hello')",
                "    body = yield readBody(r)",
                "    assert r.code == 200 and body == b'hi there', (r.code, body)",
                "    r = yield agent.request(b'POST', base + b'/echo', None, FileBodyProducer(BytesIO(b'twisted body')))",
                "    body = yield readBody(r)",
                "    assert body == b'twisted body', body",
                "    r = yield agent.request(b'GET', base + b'/files/big.bin')",
                "    body = yield readBody(r)",
                "    assert len(body) == 1 << 20 and body[:3] == bytes([0, 1, 2]), len(body)",
                "    r = yield agent.request(b'GET', base + b'/missing')",
                "    yield readBody(r)",
                "    assert r.code == 404, r.code",
                "    yield pool.closeCachedConnections()",
                "    print('OK')",
                "task.react(main, [sys.argv[1]])");
        Result r = run(null, python.toString(), "-c", script, Integer.toString(port));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("OK", r.out().trim());
    }

    @Test
    void reverseProxyToOurselves() throws Exception {
        assertEquals("hi there", curl(null, url("/proxy/hello")).out());
        assertEquals("posted", curl("posted", "--data-binary", "@-", url("/proxy/echo")).out());
        assertEquals("world", curl(null, "-r", "6-10", url("/proxy/files/a.txt")).out());
        curl(null, "-o", tmp.resolve("proxied.bin").toString(), url("/proxy/files/big.bin"));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("docroot/big.bin")),
                Files.readAllBytes(tmp.resolve("proxied.bin"))));
        assertEquals("404", curl(null, "-o", "/dev/null", "-w", "%{http_code}", url("/proxy/missing")).out());
        assertEquals("502", curl(null, "-o", "/dev/null", "-w", "%{http_code}", url("/nowhere/x")).out());
    }

    @Test
    void halfClosingClientGetsBothPipelinedAnswers() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed (Debian package: python3); skipping");
        String script = String.join("\n",
                "import socket, sys",
                "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=30)",
                "s.sendall(b'GET /hello HTTP/1.1\\r\\nHost: h\\r\\n\\r\\nGET /files/a.txt HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n')",
                "s.shutdown(socket.SHUT_WR)",
                "data = b''",
                "while True:",
                "    chunk = s.recv(65536)",
                "    if not chunk: break",
                "    data += chunk",
                "assert data.count(b'HTTP/1.1 200 OK') == 2, data",
                "assert data.endswith(b'hello world'), data",
                "print('OK')");
        Result r = run(null, "python3", "-c", script, Integer.toString(port));
        assertEquals(0, r.exit(), r.err());
        assertEquals("OK", r.out().trim());
    }

    @Test
    void thousandsOfPipelinedRequestsAnsweredInOrder() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed (Debian package: python3); skipping");
        String script = String.join("\n",
                "import socket, sys",
                "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=30)",
                "n = 3000",
                "reqs = b''.join(b'GET /arg?i=%d HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n' % i for i in range(n))",
                "assert len(reqs) > 64 * 1024",
                "s.sendall(reqs)",
                "s.shutdown(socket.SHUT_WR)",
                "data = bytearray()",
                "while True:",
                "    chunk = s.recv(1 << 20)",
                "    if not chunk: break",
                "    data += chunk",
                "assert data.count(b'HTTP/1.1 200 OK') == n, data.count(b'HTTP/1.1 200 OK')",
                "import re",
                "assert [int(x) for x in re.findall(rb'<(\\d+)>', bytes(data))] == list(range(n))",
                "print('OK')");
        Result r = run(null, "python3", "-c", script, Integer.toString(port));
        assertEquals(0, r.exit(), r.err());
        assertEquals("OK", r.out().trim());
    }

    @Test
    void writingFromAnotherThreadIsRefusedUnderAssertions() throws Exception {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Resource offThread = new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                Thread t = new Thread(() -> {
                    try {
                        request.write(new byte[] {1});
                        seen.complete(null);
                    } catch (Throwable e) {
                        seen.complete(e);
                    }
                    reactor.callFromThread(() -> {
                        request.write("fine".getBytes(StandardCharsets.US_ASCII));
                        request.finish();
                    });
                });
                t.start();
                return RenderResult.notDoneYet();
            }
        };
        ListeningPort p = call(() -> reactor.listenTCP(0, new Site(offThread, reactor), "127.0.0.1"));
        Result r = curl(null, "http://127.0.0.1:" + ((IPv4Address) p.getHost()).port() + "/");
        assertEquals("fine", r.out());
        Throwable e = seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(e instanceof AssertionError && e.getMessage().contains("callFromThread"), String.valueOf(e));
    }
}
