package io.torsion.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.IPv4Address;
import io.torsion.internet.SelectorReactor;
import io.torsion.web.Resource;
import io.torsion.web.Site;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link BlockingInput}, run as a separate process against a local Site, with a bad URL. */
@Timeout(180)
class BlockingInputTest {
    SelectorReactor reactor;
    Thread thread;
    int port;

    @BeforeEach
    void start() throws Exception {
        reactor = new SelectorReactor();
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "blocking-input-test-server");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(60, TimeUnit.SECONDS));
        Resource root = new Resource();
        root.putChild("a", page("first page"));
        root.putChild("b", page("the second page"));
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        reactor.callFromThread(() -> bound.complete(
                ((IPv4Address) reactor.listenTCP(0, new Site(root, reactor), "127.0.0.1").getHost()).port()));
        port = bound.get(60, TimeUnit.SECONDS);
    }

    static Resource page(String text) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected io.torsion.web.RenderResult renderGET(io.torsion.web.Request request) {
                return io.torsion.web.RenderResult.body(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    @AfterEach
    void stop() throws Exception {
        reactor.callFromThread(reactor::stop);
        thread.join(60_000);
    }

    @Test
    void reportsEachPageAndTheBadUrlThenStops() throws Exception {
        String a = "http://127.0.0.1:" + port + "/a";
        String b = "http://127.0.0.1:" + port + "/b";
        String missing = "http://127.0.0.1:" + port + "/missing";
        try (ExampleProcess program = ExampleProcess.start(BlockingInput.class, a, "a_bad_url", b, missing)) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lines.add(program.expectLine().text());
            }
            assertEquals(0, program.awaitExit(ExampleProcess.WAIT), program.describe());
            assertEquals("All done.", lines.get(4), lines.toString());
            List<String> reports = lines.subList(0, 4);
            assertTrue(reports.contains("Got 10 bytes from " + a), lines.toString());
            assertTrue(reports.contains("Got 15 bytes from " + b), lines.toString());
            assertTrue(reports.stream().anyMatch(l -> l.startsWith("Failed to get a_bad_url: InvalidUrlError: ")),
                    lines.toString());
            assertTrue(reports.stream().anyMatch(l -> l.startsWith("Failed to get " + missing + ": HttpError: 404")),
                    lines.toString());
            // The bad URL fails before any page can arrive: it is reported first.
            assertTrue(lines.get(0).startsWith("Failed to get a_bad_url"), lines.toString());
        }
    }
}
