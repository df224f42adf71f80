package io.torsion.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against the JDK's {@code com.sun.net.httpserver}, run as a single-file program in its
 * own JVM (so the web module needs no {@code jdk.httpserver} on its module path): a chunked
 * response of unknown length, a fixed-length one, and an echo of a chunked upload.
 */
@Timeout(300)
class JdkHttpServerCrossCheckTest {
    static final String SERVER = String.join("\n",
            "import com.sun.net.httpserver.HttpServer;",
            "import java.net.InetSocketAddress;",
            "public class JdkServer {",
            "    public static void main(String[] args) throws Exception {",
            "        HttpServer s = HttpServer.create(new InetSocketAddress(\"127.0.0.1\", 0), 0);",
            "        byte[] big = new byte[500_000];",
            "        for (int i = 0; i < big.length; i++) big[i] = (byte) (i % 253);",
            "        s.createContext(\"/chunked\", x -> { x.sendResponseHeaders(200, 0);",
            "            try (var o = x.getResponseBody()) { for (int i = 0; i < big.length; i += 10_000) o.write(big, i, 10_000); } });",
            "        s.createContext(\"/fixed\", x -> { x.sendResponseHeaders(200, 5);",
            "            try (var o = x.getResponseBody()) { o.write(\"fixed\".getBytes()); } });",
            "        s.createContext(\"/echo\", x -> { byte[] in = x.getRequestBody().readAllBytes();",
            "            x.sendResponseHeaders(201, in.length); try (var o = x.getResponseBody()) { o.write(in); } });",
            "        s.start();",
            "        System.out.println(\"port \" + s.getAddress().getPort());",
            "        System.in.read();",
            "        s.stop(0);",
            "    }",
            "}",
            "");

    @TempDir
    Path tmp;
    LiveServer live;
    Process server;
    int port;

    @BeforeEach
    void start() throws Exception {
        live = new LiveServer();
        Path source = tmp.resolve("JdkServer.java");
        Files.writeString(source, SERVER);
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString()).redirectError(tmp.resolve("server.err").toFile()).start();
        CompletableFuture<Integer> announced = CompletableFuture.supplyAsync(() -> {
            try {
                String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                return Integer.parseInt(line.substring("port ".length()));
            } catch (Exception e) {
                throw new IllegalStateException("the JDK server did not start", e);
            }
        });
        port = announced.get(120, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.getOutputStream().close();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroy();
        }
        live.close();
    }

    @Test
    void chunkedFixedAndEcho() throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpAgent agent = live.call(() -> new HttpAgent(live.reactor, new HttpConnectionPool(live.reactor, true),
                AgentOptions.defaults()));
        Response chunked = live.await(() -> agent.request("GET", base + "/chunked"));
        assertEquals("chunked", chunked.headers().getLast("Transfer-Encoding").orElse("none"));
        byte[] body = live.await(chunked::readBody);
        assertEquals(500_000, body.length);
        for (int i = 0; i < body.length; i++) {
            assertEquals((byte) (i % 253), body[i], "byte " + i);
        }
        assertEquals("fixed", new String(live.await(() -> Client.getPage(agent, base + "/fixed")), StandardCharsets.UTF_8));
        byte[] upload = "x".repeat(70_000).getBytes(StandardCharsets.US_ASCII);
        BodyProducer unknownLength = new BodyProducer() {
            @Override
            public java.util.OptionalLong length() {
                return java.util.OptionalLong.empty();
            }

            @Override
            public io.torsion.defer.Deferred<Void> startProducing(io.torsion.internet.Consumer consumer) {
                consumer.write(upload);
                return io.torsion.defer.Deferred.succeed(null);
            }

            @Override
            public void stopProducing() {
            }
        };
        Response echoed = live.await(() -> agent.request("POST", base + "/echo", null, unknownLength));
        assertEquals(201, echoed.code());
        assertArrayEquals(upload, live.await(echoed::readBody));
        assertTrue(live.call(() -> agent.pool().idleConnectionCount()) <= 1);
        live.await(() -> agent.pool().closeCachedConnections());
    }
}
