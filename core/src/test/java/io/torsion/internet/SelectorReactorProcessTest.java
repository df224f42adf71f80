package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

/**
 * Child processes over a real reactor (Twisted's test_process): output and error capture, standard
 * input through {@code cat}, exit codes, signals, environment and working directory, and a program
 * that does not exist. Uses /bin/sh and cat; every wait is bounded and nothing sleeps.
 */
@Timeout(120)
class SelectorReactorProcessTest {
    private static final String SH = "/bin/sh";
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));
    private ReactorRunner runner;
    @TempDir
    Path directory;

    @BeforeAll
    static void needAPosixShell() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(SH)), "these tests need " + SH);
    }

    @BeforeEach
    void start() throws Exception {
        runner = ReactorRunner.start(reactor);
    }

    private boolean errorsExpected;

    @AfterEach
    void stop() throws Exception {
        runner.close();
        if (!errorsExpected) {
            // The recorder's own order checks throw inside hooks, which the reactor logs.
            assertEquals(List.of(), log.at(System.Logger.Level.ERROR), "nothing went wrong on the reactor");
        }
    }

    /** Records everything a process does, checking the order rules on the way. */
    static class ProcessRecorder extends ProcessProtocol {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        final CompletableFuture<Failure> exited = new CompletableFuture<>();
        final CompletableFuture<Failure> ended = new CompletableFuture<>();
        final CompletableFuture<Void> made = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            events("made");
            made.complete(null);
        }

        @Override
        public synchronized void outReceived(byte[] data) {
            assertTrue(!events.contains("outLost") && !events.contains("ended"), "output after its end");
            out.writeBytes(data);
        }

        @Override
        public synchronized void errReceived(byte[] data) {
            assertTrue(!events.contains("errLost") && !events.contains("ended"), "error output after its end");
            err.writeBytes(data);
        }

        @Override
        public void inConnectionLost() {
            events("inLost");
        }

        @Override
        public void outConnectionLost() {
            events("outLost");
        }

        @Override
        public void errConnectionLost() {
            events("errLost");
        }

        @Override
        public void processExited(Failure reason) {
            events("exited");
            exited.complete(reason);
        }

        @Override
        public void processEnded(Failure reason) {
            events("ended");
            ended.complete(reason);
        }

        synchronized void events(String e) {
            events.add(e);
        }

        synchronized List<String> events() {
            return new ArrayList<>(events);
        }

        synchronized String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        Failure awaitEnded() throws Exception {
            return ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private ProcessTransport spawn(ProcessProtocol p, String executable, List<String> args) throws Exception {
        return runner.call(() -> reactor.spawnProcess(p, executable, args));
    }

    private ProcessTransport sh(ProcessProtocol p, String script) throws Exception {
        return spawn(p, SH, List.of("sh", "-c", script));
    }

    private void onReactor(Runnable r) throws Exception {
        runner.call(() -> {
            r.run();
            return null;
        });
    }

    @Test
    void outputAndErrorAreCapturedAndACleanExitIsProcessDone() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        ProcessTransport t = sh(p, "echo hello; echo oops >&2; echo world");
        assertEquals("made", p.events().get(0), "connectionMade ran before spawnProcess returned");
        assertTrue(t.pid() > 0);
        Failure reason = p.awaitEnded();
        assertTrue(reason.check(ProcessDone.class), reason.toString());
        assertEquals(0, ((ProcessDone) reason.value()).exitCode());
        assertEquals("hello\nworld\n", p.out());
        assertEquals("oops\n", p.err());
        List<String> events = p.events();
        assertEquals("ended", events.get(events.size() - 1), "processEnded is last: " + events);
        assertTrue(events.containsAll(List.of("inLost", "outLost", "errLost", "exited")), events.toString());
        assertTrue(p.exited.isDone());
    }

    @Test
    void whatIsWrittenToStdinComesBackThroughCat() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        byte[] big = Tcp.pattern(1_000_000, 5);
        ProcessTransport t = spawn(p, "cat", List.of("cat"));
        onReactor(() -> {
            t.write("first ".getBytes(StandardCharsets.US_ASCII));
            t.writeSequence(List.of(big, "last".getBytes(StandardCharsets.US_ASCII)));
            t.closeStdin();
            t.write("dropped after closeStdin".getBytes(StandardCharsets.US_ASCII));
        });
        Failure reason = p.awaitEnded();
        assertTrue(reason.check(ProcessDone.class), reason.toString());
        byte[] got;
        synchronized (p) {
            got = p.out.toByteArray();
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("first ".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(big);
        expected.writeBytes("last".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected.toByteArray(), got, "everything, in order, nothing after closeStdin");
        List<String> events = p.events();
        assertTrue(events.indexOf("inLost") < events.indexOf("ended"), events.toString());
    }

    @Test
    void aNonZeroExitIsProcessTerminatedWithItsCode() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        sh(p, "exit 3");
        Failure exited = p.exited.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Failure ended = p.awaitEnded();
        ProcessTerminated t = assertInstanceOf(ProcessTerminated.class, ended.value());
        assertEquals(OptionalInt.of(3), t.exitCode());
        assertEquals(OptionalInt.empty(), t.signal());
        assertTrue(exited.check(ConnectionLost.class), "ProcessTerminated is a ConnectionLost, as in Twisted");
    }

    @Test
    void signalsKillTheProcessAndAreReported() throws Exception {
        for (String[] signal : new String[][] {{"TERM", "15"}, {"KILL", "9"}, {"INT", "2"}, {"HUP", "1"}}) {
            ProcessRecorder p = new ProcessRecorder();
            // exec: the signal goes to a process that does not trap it (a shell may ignore INT).
            ProcessTransport t = sh(p, "echo ready; exec cat");
            TransportHarness.await(runner, "the child to start", () -> p.out().equals("ready\n"));
            onReactor(() -> t.signalProcess(signal[0]));
            Failure reason = p.awaitEnded();
            ProcessTerminated terminated = assertInstanceOf(ProcessTerminated.class, reason.value(), signal[0]);
            assertEquals(OptionalInt.of(Integer.parseInt(signal[1])), terminated.signal(), signal[0]);
            assertEquals(OptionalInt.empty(), terminated.exitCode());
            ExecutionException late = assertThrows(ExecutionException.class, () -> onReactor(() -> t.signalProcess("TERM")));
            assertInstanceOf(ProcessExitedAlready.class, late.getCause());
        }
    }

    @Test
    void theEnvironmentIsExactlyTheOneGivenAndThePathIsTheWorkingDirectory() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        runner.call(() -> reactor.spawnProcess(p, SH, List.of("sh", "-c", "echo \"$FOO|$HOME|$(pwd -P)\""),
                Map.of("FOO", "bar baz"), directory.toString()));
        assertTrue(p.awaitEnded().check(ProcessDone.class));
        assertEquals("bar baz||" + directory.toRealPath() + "\n", p.out());

        ProcessRecorder inherited = new ProcessRecorder();
        sh(inherited, "echo \"$PATH\"");
        inherited.awaitEnded();
        assertEquals(System.getenv("PATH") + "\n", inherited.out(), "null inherits this process's environment");
    }

    @Test
    void argumentsArePassedAfterArgvZero() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        spawn(p, SH, List.of("ignored-argv0", "-c", "printf '%s,' \"$@\"", "zero", "one two", "", "three"));
        p.awaitEnded();
        assertEquals("one two,,three,", p.out());
    }

    @Test
    void aMissingExecutableOrDirectoryIsAProcessSpawnError() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        String missing = directory.resolve("no-such-program").toString();
        ExecutionException e = assertThrows(ExecutionException.class, () -> spawn(p, missing, List.of("x")));
        ProcessSpawnError error = assertInstanceOf(ProcessSpawnError.class, e.getCause());
        assertTrue(error.getMessage().contains(missing), error.getMessage());
        assertTrue(p.events().isEmpty(), "the protocol never hears of it");
        ExecutionException dir = assertThrows(ExecutionException.class, () -> runner.call(() -> reactor.spawnProcess(
                p, SH, List.of("sh", "-c", "true"), null, directory.resolve("missing-dir").toString())));
        assertInstanceOf(ProcessSpawnError.class, dir.getCause());
    }

    @Test
    void loseConnectionClosesAllThreePipes() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        ProcessTransport t = spawn(p, "cat", List.of("cat"));
        p.made.get(WAIT_SECONDS, TimeUnit.SECONDS);
        onReactor(t::loseConnection);
        Failure reason = p.awaitEnded();
        assertTrue(reason.check(ProcessDone.class), "cat ends cleanly at the end of its input: " + reason);
        assertTrue(p.events().containsAll(List.of("inLost", "outLost", "errLost")));
    }

    @Test
    void closeStdoutStopsOutputAndReportsOutConnectionLost() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        ProcessTransport t = sh(p, "echo before; read line; echo after");
        TransportHarness.await(runner, "the first line", () -> p.out().equals("before\n"));
        onReactor(t::closeStdout);
        TransportHarness.await(runner, "outConnectionLost", () -> p.events().contains("outLost"));
        onReactor(() -> {
            t.write("go\n".getBytes(StandardCharsets.US_ASCII));
            t.closeStdin();
        });
        p.awaitEnded();
        assertEquals("before\n", p.out(), "nothing is delivered after closeStdout");
    }

    @Test
    void anErrorInAProtocolHookIsLoggedAndTheProcessGoesOn() throws Exception {
        errorsExpected = true;
        ProcessRecorder p = new ProcessRecorder() {
            @Override
            public synchronized void outReceived(byte[] data) {
                super.outReceived(data);
                throw new IllegalStateException("boom in outReceived");
            }
        };
        sh(p, "echo x");
        assertTrue(p.awaitEnded().check(ProcessDone.class));
        assertTrue(log.await(e -> e.error() != null && "boom in outReceived".equals(e.error().getMessage()),
                WAIT_SECONDS) != null);
    }

    @Test
    void aProtocolServesOneProcessAndSignalNamesAreChecked() throws Exception {
        ProcessRecorder p = new ProcessRecorder();
        ProcessTransport t = spawn(p, "cat", List.of("cat"));
        ExecutionException twice = assertThrows(ExecutionException.class, () -> spawn(p, "cat", List.of("cat")));
        assertInstanceOf(IllegalStateException.class, twice.getCause());
        for (String name : List.of("TERM; rm", "BOGUS", "")) {
            ExecutionException bad = assertThrows(ExecutionException.class, () -> onReactor(() -> t.signalProcess(name)));
            assertInstanceOf(IllegalArgumentException.class, bad.getCause(), name);
        }
        onReactor(() -> t.signalProcess("SIGCONT")); // accepted with its prefix; cat carries on
        onReactor(t::closeStdin);
        assertTrue(p.awaitEnded().check(ProcessDone.class));
    }
    @Test
    void manyProcessesAtOnceEachGetTheirOwnOutput() throws Exception {
        List<ProcessRecorder> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ProcessRecorder p = new ProcessRecorder();
            all.add(p);
            sh(p, "echo " + i + "; exit " + (i % 3));
        }
        for (int i = 0; i < all.size(); i++) {
            Failure reason = all.get(i).awaitEnded();
            assertEquals(i + "\n", all.get(i).out());
            if (i % 3 == 0) {
                assertTrue(reason.check(ProcessDone.class), reason.toString());
            } else {
                assertEquals(OptionalInt.of(i % 3), ((ProcessTerminated) reason.value()).exitCode());
            }
        }
    }
}
