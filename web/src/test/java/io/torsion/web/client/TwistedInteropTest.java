package io.torsion.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torsion.web.Resource;
import io.torsion.web.Site;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with Python Twisted (Debian's {@code python3-twisted}, run as {@code /usr/bin/python3}):
 * our Agent against {@code twisted web}, and Twisted's Agent against our Site. Skipped when
 * Twisted is not installed.
 */
@Timeout(300)
class TwistedInteropTest {
    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;
    LiveServer live;

    @BeforeAll
    static void needsTwisted() throws Exception {
        boolean present = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import twisted.web.client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(present, "Python Twisted is not installed: install the Debian package python3-twisted"
                + " (used as " + PYTHON + ") to run the interop tests");
    }

    @BeforeEach
    void start() throws Exception {
        live = new LiveServer();
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code twisted web} on a free port; waits (bounded) until it logs that it runs. */
    Process twistWeb(Path dir, int port) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-m", "twisted", "web", "--listen",
                "tcp:" + port + ":interface=127.0.0.1", "--path", dir.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<Void> started = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("Starting reactor")) {
                        started.complete(null);
                    }
                }
            } catch (IOException e) {
                started.completeExceptionally(e);
            }
            started.completeExceptionally(new IllegalStateException("twisted web ended: " + log));
        }, "twisted-web-output");
        reader.setDaemon(true);
        reader.start();
        started.get(LiveServer.WAIT_SECONDS, TimeUnit.SECONDS);
        return p;
    }

    @Test
    void ourAgentAgainstTwistedWeb() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("hello.txt"), "hello from twisted\n");
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7 + (i >> 12));
        }
        Files.write(dir.resolve("big.bin"), big);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("inner.txt"), "inner");
        int port = freePort();
        Process server = twistWeb(dir, port);
        try {
            String base = "http://127.0.0.1:" + port;
            HttpAgent agent = live.call(() -> new HttpAgent(live.reactor, new HttpConnectionPool(live.reactor, true),
                    AgentOptions.defaults()));
            assertEquals("hello from twisted\n", new String(live.await(() -> Client.getPage(agent, base + "/hello.txt")),
                    StandardCharsets.UTF_8));
            assertArrayEquals(big, live.await(() -> Client.getPage(agent, base + "/big.bin")));
            assertEquals(404, assertThrows(HttpError.class,
                    () -> live.await(() -> Client.getPage(agent, base + "/missing"))).status());
            Response head = live.await(() -> agent.request("HEAD", base + "/big.bin"));
            assertEquals(String.valueOf(big.length), head.headers().getLast("Content-Length").orElseThrow());
            assertEquals(0, live.await(head::readBody).length);
            // A directory without its slash redirects (twisted.web.static.File's addSlash).
            String listing = new String(live.await(() -> Client.getPage(agent, base + "/sub")), StandardCharsets.UTF_8);
            assertTrue(listing.contains("inner.txt"), listing);
            live.await(() -> agent.pool().closeCachedConnections());
        } finally {
            server.destroy();
            server.waitFor(LiveServer.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    static final String TWISTED_CLIENT = String.join("\n",
            "import sys",
            "from io import BytesIO",
            "from twisted.internet import task",
            "from twisted.web.client import Agent, readBody, FileBodyProducer",
            "from twisted.web.http_headers import Headers",
            "",
            "async def main(reactor, base):",
            "    agent = Agent(reactor)",
            "    r = await agent.request(b'GET', (base + '/hello').encode())",
            "    body = await readBody(r)",
            "    print('GET', r.code, body.decode())",
            "    r = await agent.request(b'POST', (base + '/echo').encode(), Headers({b'content-type': [b'text/plain']}),",
            "                            FileBodyProducer(BytesIO(b'posted by twisted')))",
            "    body = await readBody(r)",
            "    print('POST', r.code, body.decode())",
            "    r = await agent.request(b'GET', (base + '/nope').encode())",
            "    await readBody(r)",
            "    print('MISSING', r.code)",
            "",
            "task.react(lambda reactor, base: __import__('twisted.internet.defer', fromlist=['x'])"
                    + ".ensureDeferred(main(reactor, base)), sys.argv[1:])",
            "");

    @Test
    void twistedAgentAgainstOurSite() throws Exception {
        Resource root = new Resource();
        root.putChild("hello", AgentLiveTest.leaf("hello from torsion"));
        root.putChild("echo", AgentLiveTest.leaf("use POST"));
        int port = LiveServer.port(live.call(() -> live.reactor.listenTCP(0, new Site(root, live.reactor), "127.0.0.1")));
        Path script = tmp.resolve("client.py");
        Files.writeString(script, TWISTED_CLIENT);
        Path stderr = tmp.resolve("client.err");
        Process p = new ProcessBuilder(PYTHON, script.toString(), "http://127.0.0.1:" + port)
                .redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(p.waitFor(LiveServer.WAIT_SECONDS, TimeUnit.SECONDS), "the Twisted client did not finish");
        String out = output.get(LiveServer.WAIT_SECONDS, TimeUnit.SECONDS);
        out = out + Files.readString(stderr).lines().filter(l -> !l.contains("Warning") && !l.contains("readBody("))
                .map(l -> "stderr: " + l + "\n").reduce("", String::concat);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = new ArrayList<>(out.lines().toList());
        assertEquals(List.of("GET 200 hello from torsion", "POST 200 posted by twisted", "MISSING 404"), lines, out);
    }
}
