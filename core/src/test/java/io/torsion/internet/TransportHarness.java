package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.torsion.testing.Loopback;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Joins a client and a server protocol over some transport and lets a test act on them and wait
 * for an outcome, the same way for every transport (STYLE.md §9, the conformance suite).
 */
interface TransportHarness extends AutoCloseable {
    /** Connects the two; both {@code connectionMade} have run when it returns. */
    void connect(Protocol client, Protocol server) throws Exception;

    /** Runs {@code action} where the protocols live (the reactor thread, or the test's). */
    void run(Runnable action) throws Exception;

    /** Moves bytes until {@code condition} holds, failing (bounded) if it never does. */
    void waitFor(String what, BooleanSupplier condition) throws Exception;

    /**
     * Tells whether {@code abortConnection} resets the connection, so the peer sees
     * {@link ConnectionLost}; a Unix socket has no reset and its peer sees {@link ConnectionDone}.
     */
    default boolean abortResetsThePeer() {
        return true;
    }

    /** Over the in-memory {@link Loopback}: everything on the test's thread, deterministic. */
    final class OverLoopback implements TransportHarness {
        private Loopback loop;

        @Override
        public void connect(Protocol client, Protocol server) {
            loop = Loopback.connect(client, server);
        }

        @Override
        public void run(Runnable action) {
            action.run();
        }

        @Override
        public void waitFor(String what, BooleanSupplier condition) {
            loop.flush();
            assertTrue(condition.getAsBoolean(), "after flushing the loopback: " + what);
        }

        @Override
        public void close() {
        }
    }

    /** Over real TCP sockets on {@code host} (127.0.0.1 or ::1), with a reactor on its own thread. */
    final class OverTcp implements TransportHarness {
        final RecordingLogger log = new RecordingLogger();
        final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));
        private final String host;
        private ReactorRunner runner;

        OverTcp(String host) {
            this.host = host;
        }

        ReactorRunner runner() throws InterruptedException {
            if (runner == null) {
                runner = ReactorRunner.start(reactor);
            }
            return runner;
        }

        @Override
        public void connect(Protocol client, Protocol server) throws Exception {
            runner().call(() -> {
                ListeningPort port = reactor.listenTCP(0, ServerFactory.forProtocol(() -> server), host);
                reactor.connectTCP(host, Tcp.portOf(port), ClientFactory.forProtocol(() -> client), 10);
                return null;
            });
            waitFor("both ends connected", () -> client.isConnected() && server.isConnected());
        }

        @Override
        public void run(Runnable action) throws Exception {
            runner().call(() -> {
                action.run();
                return null;
            });
        }

        @Override
        public void waitFor(String what, BooleanSupplier condition) throws Exception {
            await(runner(), what, condition::getAsBoolean);
        }

        @Override
        public void close() throws Exception {
            if (runner != null) {
                runner.close();
            }
        }
    }

    /** Over a real Unix domain socket in a fresh directory, with a reactor on its own thread. */
    final class OverUnix implements TransportHarness {
        final RecordingLogger log = new RecordingLogger();
        final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));
        private final java.nio.file.Path directory;
        private ReactorRunner runner;

        OverUnix(java.nio.file.Path directory) {
            this.directory = directory;
        }

        @Override
        public void connect(Protocol client, Protocol server) throws Exception {
            if (runner == null) {
                runner = ReactorRunner.start(reactor);
            }
            String path = directory.resolve("conformance.sock").toString();
            runner.call(() -> {
                reactor.listenUNIX(path, ServerFactory.forProtocol(() -> server));
                reactor.connectUNIX(path, ClientFactory.forProtocol(() -> client), 10);
                return null;
            });
            waitFor("both ends connected", () -> client.isConnected() && server.isConnected());
        }

        @Override
        public void run(Runnable action) throws Exception {
            runner.call(() -> {
                action.run();
                return null;
            });
        }

        @Override
        public void waitFor(String what, BooleanSupplier condition) throws Exception {
            await(runner, what, condition::getAsBoolean);
        }

        @Override
        public boolean abortResetsThePeer() {
            return false;
        }

        @Override
        public void close() throws Exception {
            if (runner != null) {
                runner.close();
            }
        }
    }

    /**
     * Checks {@code condition} on the reactor thread until it holds, waking on every
     * {@link Recorder} event (and at least every 20 ms); fails after {@link ReactorRunner#WAIT_SECONDS}.
     */
    static void await(ReactorRunner runner, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ReactorRunner.WAIT_SECONDS);
        while (!runner.call(condition)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("not within " + ReactorRunner.WAIT_SECONDS + " s: " + what);
            }
            synchronized (Recorder.SIGNAL) {
                Recorder.SIGNAL.wait(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }
}
