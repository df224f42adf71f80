package io.torsion.task;

import static io.torsion.internet.ReactorCore.Phase.AFTER;
import static io.torsion.internet.ReactorCore.Phase.BEFORE;
import static io.torsion.internet.ReactorCore.Phase.DURING;
import static io.torsion.internet.ReactorCore.SystemEvent.SHUTDOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.UnhandledFailureWatch;
import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorNotRestartable;
import io.torsion.internet.ReactorNotRunning;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Tasks#reactExitCode} on a fresh real reactor per test (Twisted's {@code ReactTests} in
 * test_task.py, which use a fake reactor), and {@link Tasks#react} in child JVMs for the exit.
 */
@Timeout(180)
class TasksReactTest {
    /** Generous: the suite runs on a loaded two-core machine. */
    private static final double WAIT_SECONDS = 30;

    private final RecordingLog reactLog = new RecordingLog();
    private final RecordingLog reactorLog = new RecordingLog();
    private final SelectorReactor real = new SelectorReactor(ReactorOptions.defaults().withLogger(reactorLog));
    private final StopCountingReactor counting = new StopCountingReactor(real);
    private final Reactor reactor = counting.reactor();
    private final List<String> events = new ArrayList<>();
    private boolean timedOut;
    private UnhandledFailureWatch unhandled;

    @BeforeEach
    void watchUnhandledFailures() {
        unhandled = UnhandledFailureWatch.start();
    }

    @AfterEach
    void nothingLeftUnhandled() {
        try {
            assertEquals(List.of(), unhandled.pending(), "react must handle the main function's failure");
        } finally {
            unhandled.close();
        }
    }

    /** Runs react with a safety timer that stops a reactor still running after WAIT_SECONDS. */
    private int react(Tasks.MainFunction main) {
        real.callLater(WAIT_SECONDS, () -> {
            timedOut = true;
            try {
                real.stop();
            } catch (ReactorNotRunning alreadyStopping) {
                // its shutdown is stuck; the assertion below reports it
            }
        });
        int code = Tasks.reactExitCode(main, reactor, reactLog);
        assertFalse(timedOut, "the reactor was still running after " + WAIT_SECONDS + " s");
        assertFalse(real.isRunning());
        assertEquals(List.of(), reactorLog.entries(), "nothing may go wrong in the reactor's handlers");
        return code;
    }

    private static final class ExpectedException extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void runsTheReactorUntilTheDeferredFiresThenStopsIt() {
        Thread testThread = Thread.currentThread();
        int code = react(r -> {
            assertSame(reactor, r);
            assertFalse(r.isRunning(), "main runs before the reactor");
            assertSame(testThread, Thread.currentThread());
            Deferred<String> finished = new Deferred<>();
            r.callLater(0.01, () -> events.add("time passed"));
            r.callLater(0.05, () -> finished.callback("done"));
            return finished;
        });
        assertEquals(0, code);
        assertEquals(List.of("time passed"), events);
        assertEquals(1, counting.stopCalls());
        assertEquals(List.of(), reactLog.entries());
    }

    @Test
    void aDeferredFiredBeforeTheReactorRunsStopsItOnceItHasStarted() {
        int code = react(r -> {
            r.callWhenRunning(() -> events.add("running"));
            return Deferred.succeed(null);
        });
        assertEquals(0, code);
        assertEquals(List.of("running"), events, "the reactor did start");
        assertEquals(1, counting.stopCalls());
    }

    @Test
    void aFailureLaterGivesStatusOneAndIsLoggedWithItsStack() {
        ExpectedException error = new ExpectedException();
        int code = react(r -> {
            Deferred<Void> finished = new Deferred<>();
            r.callLater(0.01, () -> finished.errback(error));
            return finished;
        });
        assertEquals(1, code);
        assertLoggedOnce(error);
        assertEquals(1, counting.stopCalls());
    }

    @Test
    void aFailureBeforeTheReactorRunsGivesStatusOne() {
        ExpectedException error = new ExpectedException();
        int code = react(r -> Deferred.fail(error));
        assertEquals(1, code);
        assertLoggedOnce(error);
    }

    @Test
    void aFailureDuringShutdownStillSetsTheStatusAndReactDoesNotStopTwice() {
        ExpectedException error = new ExpectedException();
        int code = react(r -> {
            r.callLater(0.01, r::stop);
            Deferred<Void> finished = new Deferred<>();
            r.addSystemEventTrigger(DURING, SHUTDOWN, () -> finished.errback(error));
            return finished;
        });
        assertEquals(1, code);
        assertLoggedOnce(error);
        assertEquals(1, counting.stopCalls(), "only main's own stop()");
    }

    @Test
    void aSuccessDuringShutdownGivesStatusZeroAndReactDoesNotStopTwice() {
        int code = react(r -> {
            r.callLater(0.01, r::stop);
            Deferred<Void> finished = new Deferred<>();
            r.addSystemEventTrigger(DURING, SHUTDOWN, () -> finished.callback(null));
            return finished;
        });
        assertEquals(0, code);
        assertEquals(1, counting.stopCalls(), "only main's own stop()");
    }

    @Test
    void aSystemExitGivesItsCodeAndIsNotLogged() {
        assertEquals(23, react(r -> Deferred.fail(new SystemExit(23))));
        assertEquals(List.of(), reactLog.entries());
    }

    @Test
    void aSystemExitThrownLaterByACallbackGivesItsCode() {
        int code = react(r -> Tasks.deferLater(r, 0.01).addCallback(ignored -> {
            throw new SystemExit(3);
        }));
        assertEquals(3, code);
        assertEquals(List.of(), reactLog.entries());
    }

    @Test
    void aSystemExitWithCodeZeroIsASuccess() {
        assertEquals(0, react(r -> Deferred.fail(new SystemExit(0))));
        assertEquals(List.of(), reactLog.entries());
    }

    @Test
    void aSystemExitWrappedAsACauseIsAnOrdinaryFailure() {
        RuntimeException wrapper = new RuntimeException(new SystemExit(5));
        assertEquals(1, react(r -> Deferred.fail(wrapper)));
        assertLoggedOnce(wrapper);
    }

    @Test
    void aMainThatStopsTheReactorJustBeforeTheDeferredFires() {
        int code = react(r -> {
            Deferred<Void> finished = new Deferred<>();
            r.callWhenRunning(() -> {
                r.stop();
                finished.callback(null);
            });
            return finished;
        });
        assertEquals(0, code);
        // react's own stop() found the reactor stopping and let it be.
        assertEquals(2, counting.stopCalls());
    }

    @Test
    void aMainThatStopsTheReactorWithoutFiringTheDeferredGivesStatusZero() {
        Deferred<Void> neverFired = new Deferred<>();
        int code = react(r -> {
            r.callLater(0.01, r::stop);
            return neverFired;
        });
        assertEquals(0, code);
        assertFalse(neverFired.isCalled());
        assertEquals(1, counting.stopCalls());
    }

    @Test
    void shutdownTriggersStillRunAndReactReturnsAfterThem() {
        int code = react(r -> {
            r.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> {
                events.add("before shutdown");
                Deferred<Void> later = new Deferred<>();
                r.callLater(0.02, () -> {
                    events.add("before shutdown Deferred fired");
                    later.callback(null);
                });
                return later;
            });
            r.addSystemEventTrigger(DURING, SHUTDOWN, () -> events.add("during shutdown"));
            r.addSystemEventTrigger(AFTER, SHUTDOWN, () -> events.add("after shutdown"));
            return Tasks.deferLater(r, 0.01, () -> events.add("main done"));
        });
        assertEquals(0, code);
        assertEquals(List.of("main done", "before shutdown", "before shutdown Deferred fired",
                "during shutdown", "after shutdown"), events);
    }

    @Test
    void whatMainThrowsIsAFailure() {
        IllegalStateException error = new IllegalStateException("main broke");
        assertEquals(1, react(r -> {
            throw error;
        }));
        assertLoggedOnce(error);
        assertEquals(1, counting.stopCalls());
    }

    @Test
    void aSystemExitThrownByMainGivesItsCode() {
        assertEquals(4, react(r -> {
            throw new SystemExit(4);
        }));
        assertEquals(List.of(), reactLog.entries());
    }

    @Test
    void aMainReturningNullIsAFailure() {
        assertEquals(1, react(r -> null));
        RecordingLog.Entry entry = reactLog.entries().get(0);
        assertInstanceOf(NullPointerException.class, entry.error());
        assertEquals(1, reactLog.entries().size());
    }

    @Test
    void aReactorThatHasRunCannotReact() {
        real.callWhenRunning(real::stop);
        real.run();
        assertThrows(ReactorNotRestartable.class, () -> Tasks.reactExitCode(r -> Deferred.succeed(null), real));
    }

    @Test
    void reactExitsTheJvmWithTheStatusAndUsesTheDefaultReactor() throws Exception {
        Child success = Child.run("succeed");
        assertEquals(0, success.exitCode(), success.toString());
        assertEquals("default reactor: true\n", success.stdout(), success.toString());

        Child failure = Child.run("fail");
        assertEquals(1, failure.exitCode(), failure.toString());
        assertTrue(failure.stderr().contains("main function encountered error"), failure.toString());
        assertTrue(failure.stderr().contains("java.io.IOException: the child's main failed"), failure.toString());
        assertTrue(failure.stderr().contains("\tat "), "the stack is logged: " + failure);

        Child exit = Child.run("exit", "23");
        assertEquals(23, exit.exitCode(), exit.toString());
    }

    private void assertLoggedOnce(Throwable error) {
        List<RecordingLog.Entry> entries = reactLog.entries();
        assertEquals(1, entries.size(), "logged: " + entries);
        assertEquals(System.Logger.Level.ERROR, entries.get(0).level());
        assertEquals("main function encountered error", entries.get(0).message());
        assertSame(error, entries.get(0).error());
    }

    /** A child JVM running {@link ReactMain}, and what it printed. */
    private record Child(int exitCode, String stdout, String stderr) {
        static Child run(String... args) throws Exception {
            String cp = location(Tasks.class) + File.pathSeparator + location(ReactMain.class);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-cp", cp, ReactMain.class.getName()));
            command.addAll(List.of(args));
            Process child = new ProcessBuilder(command).start();
            try {
                CompletableFuture<String> out = readAll(child.getInputStream());
                CompletableFuture<String> err = readAll(child.getErrorStream());
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
                return new Child(child.exitValue(), out.get(60, TimeUnit.SECONDS).replace("\r\n", "\n"),
                        err.get(60, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
        }

        private static CompletableFuture<String> readAll(InputStream in) {
            return CompletableFuture.supplyAsync(() -> {
                try (in) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        private static String location(Class<?> c) throws Exception {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
    }

    /** A System.Logger that keeps every record. */
    private static final class RecordingLog implements System.Logger {
        record Entry(Level level, String message, Throwable error) {
        }

        private final List<Entry> entries = new ArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public synchronized void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            entries.add(new Entry(level, msg, thrown));
        }

        @Override
        public synchronized void log(Level level, ResourceBundle bundle, String format, Object... params) {
            entries.add(new Entry(level, format, null));
        }

        synchronized List<Entry> entries() {
            return List.copyOf(entries);
        }
    }
}
