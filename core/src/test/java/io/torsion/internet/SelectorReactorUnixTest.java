package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix domain sockets over a real reactor (Twisted's test_unix): addresses, the socket file's
 * life, stale files and the connect errors. Skipped, saying why, where AF_UNIX is missing.
 */
@Timeout(120)
class SelectorReactorUnixTest {
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));
    private ReactorRunner runner;
    @TempDir
    Path directory;

    @BeforeAll
    static void needUnixSockets() {
        Unix.assumeUnixSockets();
    }

    @BeforeEach
    void start() throws Exception {
        runner = ReactorRunner.start(reactor);
    }

    @AfterEach
    void stop() throws Exception {
        runner.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Asserts that what {@code call} ran on the reactor threw {@code type}, and returns it. */
    private static <E extends Throwable> E thrownOnReactor(Class<E> type,
            org.junit.jupiter.api.function.Executable call) {
        ExecutionException e = assertThrows(ExecutionException.class, call);
        return assertInstanceOf(type, e.getCause());
    }

    private static <E extends Throwable> E thrownOnReactor(Class<E> type,
            org.junit.jupiter.api.function.Executable call, String message) {
        ExecutionException e = assertThrows(ExecutionException.class, call, message);
        return assertInstanceOf(type, e.getCause(), message);
    }

    private String path(String name) {
        return directory.resolve(name).toString();
    }

    @Test
    void addressesOfBothEndsAreUnixAddresses() throws Exception {
        String path = path("a.sock");
        Recorder server = new Recorder();
        Recorder client = new Recorder();
        ListeningPort port = runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(() -> server)));
        assertEquals(new UNIXAddress(path), port.getHost());
        Connector connector = runner.call(() -> reactor.connectUNIX(path, ClientFactory.forProtocol(() -> client)));
        assertEquals(new UNIXAddress(path), connector.getDestination());
        Transport serverEnd = get(server.made);
        Transport clientEnd = get(client.made);
        assertEquals(new UNIXAddress(path), runner.call(serverEnd::getHost));
        assertTrue(((UNIXAddress) runner.call(serverEnd::getPeer)).isUnnamed(), "the client's socket is unbound");
        assertEquals(new UNIXAddress(path), runner.call(clientEnd::getPeer));
        assertTrue(((UNIXAddress) runner.call(clientEnd::getHost)).isUnnamed());
        runner.call(() -> {
            clientEnd.write("ping".getBytes(StandardCharsets.US_ASCII));
            return null;
        });
        TransportHarness.await(runner, "the bytes", () -> server.receivedCount() == 4);
        thrownOnReactor(UnsupportedOperationException.class,
                () -> runner.call(() -> {
                    ((TcpTransport) clientEnd).setTcpNoDelay(true);
                    return null;
                }), "no TCP options on a Unix socket");
    }

    @Test
    void stopListeningRemovesTheSocketFileSoThePathCanBeReused() throws Exception {
        String path = path("b.sock");
        ListeningPort port = runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(Recorder::new)));
        assertTrue(Files.exists(Path.of(path)), "listening creates the file");
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        runner.call(() -> port.stopListening().addCallback(x -> {
            stopped.complete(null);
            return null;
        }));
        get(stopped);
        assertFalse(Files.exists(Path.of(path)), "stopListening removes the file");
        ListeningPort again = runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(Recorder::new)));
        assertEquals(new UNIXAddress(path), again.getHost());
    }

    @Test
    void listeningOnAPathInUseOrAStaleFileFailsWithCannotListenError() throws Exception {
        String path = path("c.sock");
        runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(Recorder::new)));
        CannotListenError inUse = thrownOnReactor(CannotListenError.class,
                () -> runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(Recorder::new))));
        assertTrue(inUse.getMessage().contains(path), inUse.getMessage());
        assertEquals(path, inUse.interfaceAddress());

        String stale = staleSocket("stale.sock");
        thrownOnReactor(CannotListenError.class,
                () -> runner.call(() -> reactor.listenUNIX(stale, ServerFactory.forProtocol(Recorder::new))));
        assertTrue(Files.exists(Path.of(stale)), "a file we did not create is never removed");
        thrownOnReactor(CannotListenError.class, () -> runner.call(() -> reactor.listenUNIX(
                path("missing-dir/x.sock"), ServerFactory.forProtocol(Recorder::new))));
    }

    /** A socket file whose listener has gone away, as a crashed server leaves behind. */
    private String staleSocket(String name) throws Exception {
        Path file = directory.resolve(name);
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(file));
        }
        assertTrue(Files.exists(file));
        return file.toString();
    }

    @Test
    void connectingToAStaleSocketIsRefused() throws Exception {
        String stale = staleSocket("refused.sock");
        SelectorReactorTcpTest.RecordingClientFactory factory =
                new SelectorReactorTcpTest.RecordingClientFactory(Recorder::new);
        runner.call(() -> reactor.connectUNIX(stale, factory, 5));
        Failure reason = get(factory.failed);
        assertTrue(reason.check(ConnectionRefusedError.class), reason.toString());
    }

    @Test
    void connectingToNoFileFailsWithConnectError() throws Exception {
        SelectorReactorTcpTest.RecordingClientFactory factory =
                new SelectorReactorTcpTest.RecordingClientFactory(Recorder::new);
        runner.call(() -> reactor.connectUNIX(path("nothing.sock"), factory, 5));
        Failure reason = get(factory.failed);
        assertTrue(reason.check(ConnectError.class), reason.toString());
        assertEquals(1, runner.call(() -> factory.stops), "the factory is stopped after the failure");
    }

    @Test
    void badArgumentsAreRefusedAtOnce() throws Exception {
        thrownOnReactor(IllegalArgumentException.class,
                () -> runner.call(() -> reactor.listenUNIX("", ServerFactory.forProtocol(Recorder::new))));
        thrownOnReactor(IllegalArgumentException.class,
                () -> runner.call(() -> reactor.listenUNIX(path("d.sock"), ServerFactory.forProtocol(Recorder::new), 0)));
        thrownOnReactor(IllegalArgumentException.class,
                () -> runner.call(() -> reactor.connectUNIX(path("d.sock"), ClientFactory.forProtocol(Recorder::new), -1)));
    }

    @Test
    void shutdownClosesThePortAndRemovesItsFile() throws Exception {
        String path = path("e.sock");
        Recorder server = new Recorder();
        runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(() -> server)));
        runner.call(() -> reactor.connectUNIX(path, ClientFactory.forProtocol(Recorder::new)));
        get(server.made);
        runner.close();
        assertFalse(Files.exists(Path.of(path)));
        assertTrue(server.lost.get(WAIT_SECONDS, TimeUnit.SECONDS).check(ConnectionLost.class));
    }
    @Test
    void theSocketFileGetsTheModeAsked() throws Exception {
        String open = path("mode-default.sock");
        String closed = path("mode-0600.sock");
        runner.call(() -> reactor.listenUNIX(open, ServerFactory.forProtocol(Recorder::new)));
        runner.call(() -> reactor.listenUNIX(closed, ServerFactory.forProtocol(Recorder::new), 5, 0600, false));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(open))),
                "Twisted's default, whatever the umask");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(closed))));
        thrownOnReactor(IllegalArgumentException.class, () -> runner.call(() -> reactor.listenUNIX(
                path("bad-mode.sock"), ServerFactory.forProtocol(Recorder::new), 5, 01000, false)));
    }

    /** The id of a process that has exited, as a crashed server's lock names. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
        return p.pid();
    }

    @Test
    void wantPIDHoldsALockWhileListeningAndRemovesItWithTheSocket() throws Exception {
        String path = path("locked.sock");
        Path lock = Path.of(path + ".lock");
        ListeningPort port = runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(Recorder::new), 5,
                ReactorUNIX.DEFAULT_MODE, true));
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readSymbolicLink(lock).toString());
        CannotListenError held = thrownOnReactor(CannotListenError.class, () -> runner.call(() -> reactor.listenUNIX(
                path, ServerFactory.forProtocol(Recorder::new), 5, ReactorUNIX.DEFAULT_MODE, true)));
        assertTrue(held.getMessage().contains("Cannot acquire lock"), held.getMessage());
        assertTrue(Files.exists(Path.of(path)), "a refused listen leaves the holder's socket alone");

        Recorder checkedClient = new Recorder();
        runner.call(() -> reactor.connectUNIX(path, ClientFactory.forProtocol(() -> checkedClient), 5, true));
        get(checkedClient.made); // checkPID: this process holds the lock, so the check passes

        CompletableFuture<Void> stopped = new CompletableFuture<>();
        runner.call(() -> port.stopListening().addCallback(x -> {
            stopped.complete(null);
            return null;
        }));
        get(stopped);
        assertFalse(Files.exists(lock, LinkOption.NOFOLLOW_LINKS), "the lock goes with the port");
        assertFalse(Files.exists(Path.of(path)));
    }

    @Test
    void wantPIDBreaksADeadProcesssLockAndRemovesItsStaleSocket() throws Exception {
        String stale = staleSocket("crashed.sock");
        Files.createSymbolicLink(Path.of(stale + ".lock"), Path.of(Long.toString(deadPid())));
        Recorder server = new Recorder();
        runner.call(() -> reactor.listenUNIX(stale, ServerFactory.forProtocol(() -> server), 5,
                ReactorUNIX.DEFAULT_MODE, true));
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectUNIX(stale, ClientFactory.forProtocol(() -> client), 5, true));
        get(server.made);
        get(client.made);
    }

    @Test
    void checkPIDFailsWhenTheServerHoldsNoLock() throws Exception {
        String path = path("unlocked.sock");
        runner.call(() -> reactor.listenUNIX(path, ServerFactory.forProtocol(Recorder::new)));
        SelectorReactorTcpTest.RecordingClientFactory factory =
                new SelectorReactorTcpTest.RecordingClientFactory(Recorder::new);
        runner.call(() -> reactor.connectUNIX(path, factory, 5, true));
        Failure reason = get(factory.failed);
        assertTrue(reason.check(BadFileError.class), reason.toString());
        assertFalse(Files.exists(Path.of(path + ".lock"), LinkOption.NOFOLLOW_LINKS), "the probe leaves no lock");

        // A lock whose holder died is no better (and, as in Twisted, the probe breaks it).
        Files.createSymbolicLink(Path.of(path + ".lock"), Path.of(Long.toString(deadPid())));
        SelectorReactorTcpTest.RecordingClientFactory dead =
                new SelectorReactorTcpTest.RecordingClientFactory(Recorder::new);
        runner.call(() -> reactor.connectUNIX(path, dead, 5, true));
        Failure deadReason = get(dead.failed);
        assertTrue(deadReason.check(BadFileError.class), "the lock's holder is dead: " + deadReason);
    }
}
