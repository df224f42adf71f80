package io.torsion.internet;

import static io.torsion.internet.ReactorCore.Phase.BEFORE;
import static io.torsion.internet.ReactorCore.SystemEvent.SHUTDOWN;
import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGINT/SIGTERM handling: the shutdown hook stops the reactor cleanly, once. */
@Timeout(180)
class SelectorReactorSignalTest {
    @Test
    void aSignalStopsTheReactorCleanlyAndWaitsForIt() throws Exception {
        SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(new RecordingLogger()));
        AtomicInteger beforeRuns = new AtomicInteger();
        CountDownLatch stopping = new CountDownLatch(1);
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> {
            beforeRuns.incrementAndGet();
            stopping.countDown();
            Deferred<Void> d = new Deferred<>();
            reactor.callLater(0.05, () -> d.callback(null));
            return d;
        });
        reactor.addSystemEventTrigger(ReactorCore.Phase.AFTER, SHUTDOWN, () -> events.add("after"));
        ShutdownHook hook = new ShutdownHook(reactor, new RecordingLogger());
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            // Two signals at once, as a user pressing Ctrl-C twice, each waiting as the hook does.
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(
                    () -> hook.stopAndWait(Duration.ofSeconds(WAIT_SECONDS)));
            assertTrue(stopping.await(WAIT_SECONDS, TimeUnit.SECONDS));
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                    () -> hook.stopAndWait(Duration.ofSeconds(WAIT_SECONDS)));
            assertTrue(first.get(WAIT_SECONDS, TimeUnit.SECONDS), "the hook saw the reactor finish");
            assertTrue(second.get(WAIT_SECONDS, TimeUnit.SECONDS));
            runner.join();
        }
        assertEquals(1, beforeRuns.get());
        assertEquals(List.of("after"), events);
        assertFalse(reactor.isRunning());
        assertTrue(hook.stopAndWait(Duration.ZERO), "a signal after the reactor stopped has nothing to do");
    }

    @Test
    void sigtermStopsTheDefaultReactorOfAChildProcess() throws Exception {
        String cp = location(SelectorReactor.class) + File.pathSeparator + location(SignalStopMain.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", cp, SignalStopMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.equals("running")) {
                        running.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                running.completeExceptionally(e);
            }
        });
        reader.start();
        try {
            running.get(60, TimeUnit.SECONDS);
            // SIGTERM on Unix. Not Process.destroy(), which also closes our ends of the child's
            // pipes, so the child could no longer print its shutdown.
            assertTrue(child.toHandle().destroy(), "cannot signal the child");
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
            reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } finally {
            child.destroyForcibly();
        }
        List<String> seen;
        synchronized (lines) {
            seen = new ArrayList<>(lines);
        }
        List<String> expected = List.of("running", "before shutdown", "before shutdown Deferred fired",
                "during shutdown", "after shutdown");
        assertEquals(expected, seen.subList(0, Math.min(seen.size(), expected.size())), "output: " + seen);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
