package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A reactor group over real loopback sockets: spreading, echo, timers, stopping. */
class ReactorGroupTest {
    private static final int CONNECTIONS = 50;
    private static final int WAIT_MS = (int) TimeUnit.SECONDS.toMillis(ReactorRunner.WAIT_SECONDS);

    /** What the protocols saw, from every reactor thread. */
    private static final class Observed {
        final Map<SelectorReactor, AtomicInteger> served = new ConcurrentHashMap<>();
        final Map<SelectorReactor, Set<Thread>> threads = new ConcurrentHashMap<>();
        final Queue<String> wrongThread = new ConcurrentLinkedQueue<>();
        final CountDownLatch lost;

        Observed(int connections) {
            lost = new CountDownLatch(connections);
        }

        void check(SelectorReactor reactor, String where) {
            if (!reactor.isReactorThread()) {
                wrongThread.add(where + " of " + reactor + " ran on " + Thread.currentThread().getName());
            }
            threads.computeIfAbsent(reactor, r -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread());
        }
    }

    /** Echoes; on "timer" it also answers "tick" from a timed call of its reactor. */
    private static final class Echo extends Protocol {
        private final SelectorReactor reactor;
        private final Observed seen;
        private boolean counted;

        Echo(SelectorReactor reactor, Observed seen) {
            this.reactor = reactor;
            this.seen = seen;
        }

        @Override
        public void dataReceived(byte[] data) {
            seen.check(reactor, "dataReceived");
            if (!counted) {
                counted = true;
                seen.served.computeIfAbsent(reactor, r -> new AtomicInteger()).incrementAndGet();
            }
            if (new String(data, StandardCharsets.US_ASCII).equals("timer")) {
                reactor.callLater(0.0, () -> {
                    seen.check(reactor, "a timed call");
                    transport().write("tick!".getBytes(StandardCharsets.US_ASCII));
                });
                return;
            }
            transport().write(data);
        }

        @Override
        public void connectionLost(Failure reason) {
            seen.check(reactor, "connectionLost");
            seen.lost.countDown();
        }
    }

    private static Socket connect(ListeningPort port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", Tcp.portOf(port)), WAIT_MS);
        s.setSoTimeout(WAIT_MS);
        return s;
    }

    private static byte[] exchange(Socket s, String message, int replyLength) throws IOException {
        s.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
        byte[] reply = new byte[replyLength];
        new DataInputStream(s.getInputStream()).readFully(reply);
        return reply;
    }

    private static void assertEcho(Socket s, String message) throws IOException {
        assertArrayEquals(message.getBytes(StandardCharsets.US_ASCII), exchange(s, message, message.length()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void spreadsConnectionsOverTheReactorsAndStopClosesThem(int size) throws Exception {
        Observed seen = new Observed(CONNECTIONS);
        List<Socket> clients = new ArrayList<>();
        ReactorGroup group = new ReactorGroup(size, ReactorOptions.defaults());
        try (group) {
            group.start();
            GroupListeningPort port = group.listenTCP(0,
                    r -> ServerFactory.forProtocol(() -> new Echo(r, seen)), 50, "127.0.0.1");
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = connect(port);
                clients.add(s);
                assertEcho(s, "hello " + i);
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                assertEcho(clients.get(i), "again " + i); // every connection still echoes
            }
            assertEquals(List.of(), List.copyOf(seen.wrongThread));
            assertEquals(size, seen.served.size(), "connections served by " + seen.served);
            for (SelectorReactor r : group.reactors()) {
                assertEquals(CONNECTIONS / size, seen.served.get(r).get(), "round robin over " + seen.served);
                assertEquals(1, seen.threads.get(r).size(), "one thread per reactor");
            }
            if (size == 2) {
                assertNotSame(seen.threads.get(group.reactors().get(0)).iterator().next(),
                        seen.threads.get(group.reactors().get(1)).iterator().next());
            }
            assertTrue(group.stop(), "the group's threads ended");
            assertTrue(seen.lost.await(ReactorRunner.WAIT_SECONDS, TimeUnit.SECONDS), "every connectionLost");
            assertEquals(List.of(), List.copyOf(seen.wrongThread));
            for (SelectorReactor r : group.reactors()) {
                assertFalse(r.isRunning());
                for (Thread t : seen.threads.get(r)) {
                    assertFalse(t.isAlive(), t.getName() + " ended");
                }
            }
            for (Socket s : clients) {
                assertEquals(-1, s.getInputStream().read(), "the server closed the connection");
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void aTimerOfAProtocolRunsOnItsReactorsThread() throws Exception {
        Observed seen = new Observed(4);
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults())) {
            group.start();
            GroupListeningPort port = group.listenTCP(0,
                    r -> ServerFactory.forProtocol(() -> new Echo(r, seen)), 50, "127.0.0.1");
            for (int i = 0; i < 4; i++) {
                try (Socket s = connect(port)) {
                    assertArrayEquals("tick!".getBytes(StandardCharsets.US_ASCII), exchange(s, "timer", 5));
                }
            }
            assertEquals(List.of(), List.copyOf(seen.wrongThread));
            assertEquals(2, seen.served.size(), "both reactors ran timers");
        }
    }

    /** A factory that records where it was started and stopped. */
    private static class Recording extends ServerFactory<Echo> {
        final Queue<String> events;
        final SelectorReactor reactor;

        Recording(SelectorReactor reactor, Observed seen, Queue<String> events) {
            super(() -> new Echo(reactor, seen));
            this.reactor = reactor;
            this.events = events;
        }

        @Override
        public void startFactory() {
            events.add("start on its thread: " + reactor.isReactorThread());
        }

        @Override
        public void stopFactory() {
            events.add("stop on its thread: " + reactor.isReactorThread());
        }
    }

    @Test
    void stopListeningFiresOnTheCallingReactorAndRefusesNewConnections() throws Exception {
        Observed seen = new Observed(2);
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults())) {
            group.start();
            GroupListeningPort port = group.listenTCP(0, r -> new Recording(r, seen, events), 50, "127.0.0.1");
            assertEquals(List.of("start on its thread: true", "start on its thread: true"), List.copyOf(events));
            try (Socket first = connect(port); Socket second = connect(port)) {
                assertEcho(first, "one");
                assertEcho(second, "two");
                SelectorReactor caller = group.reactors().get(1);
                boolean[] firedOnCaller = {false};
                caller.blockingCallFromThreadDeferred(() -> port.stopListening().addCallback(ignored -> {
                    firedOnCaller[0] = caller.isReactorThread()
                            && Thread.currentThread() == seen.threads.get(caller).iterator().next();
                    return null;
                }));
                assertTrue(firedOnCaller[0], "the Deferred fired on the calling reactor's thread");
                assertEquals(List.of("start on its thread: true", "start on its thread: true",
                        "stop on its thread: true", "stop on its thread: true"), List.copyOf(events));
                assertThrows(ConnectException.class, () -> connect(port).close());
                assertEcho(first, "still open");
                assertEcho(second, "still open");
                // Again, from a thread that is no reactor's: the same, finished stop.
                port.stopListeningFromThread().get(ReactorRunner.WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void stopListeningFromAnyThreadCompletesTheFuture() throws Exception {
        Observed seen = new Observed(0);
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults())) {
            group.start();
            GroupListeningPort port = group.listenTCP(0,
                    r -> ServerFactory.forProtocol(() -> new Echo(r, seen)), 50, "127.0.0.1");
            assertThrows(IllegalStateException.class, port::stopListening, "not on a reactor thread");
            port.stopListeningFromThread().get(ReactorRunner.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThrows(ConnectException.class, () -> connect(port).close());
        }
    }

    @Test
    void aSharedFactoryStartsAndStopsOnceOnTheFirstReactor() throws Exception {
        Observed seen = new Observed(2);
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults())) {
            // Set up before start: the owner thread may set up a group that is not running yet.
            SelectorReactor first = group.reactors().get(0);
            Map<SelectorReactor, AtomicInteger> built = new ConcurrentHashMap<>();
            ServerFactory<Echo> shared = new Recording(first, seen, events) {
                @Override
                public Echo buildProtocol(Address address) {
                    SelectorReactor here = group.currentReactor().orElseThrow();
                    built.computeIfAbsent(here, r -> new AtomicInteger()).incrementAndGet();
                    return new Echo(here, seen);
                }
            };
            GroupListeningPort port = group.listenTCP(0, shared, 50, "127.0.0.1");
            group.start();
            try (Socket a = connect(port); Socket b = connect(port)) {
                assertEcho(a, "a");
                assertEcho(b, "b");
            }
            assertEquals(2, built.size(), "built on both reactors: " + built);
            port.stopListeningFromThread().get(ReactorRunner.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of("start on its thread: true", "stop on its thread: true"), List.copyOf(events));
            assertEquals(List.of(), List.copyOf(seen.wrongThread));
        }
    }

    @Test
    void aReactorStoppedOnItsOwnIsSkipped() throws Exception {
        Observed seen = new Observed(2);
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults())) {
            group.start();
            GroupListeningPort port = group.listenTCP(0,
                    r -> ServerFactory.forProtocol(() -> new Echo(r, seen)), 50, "127.0.0.1");
            SelectorReactor second = group.reactors().get(1);
            second.blockingCallFromThread(() -> {
                second.stop();
                return null;
            });
            assertTrue(second.awaitFinished(TimeUnit.SECONDS.toNanos(ReactorRunner.WAIT_SECONDS)));
            try (Socket a = connect(port); Socket b = connect(port)) {
                assertEcho(a, "a");
                assertEcho(b, "b");
            }
            assertEquals(Set.of(group.reactors().get(0)), seen.served.keySet());
            assertEquals(2, seen.served.get(group.reactors().get(0)).get());
            assertTrue(group.stop());
        }
    }

    @Test
    void currentReactorIsEmptyOffTheGroupsThreads() throws Exception {
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults())) {
            group.start();
            assertTrue(group.currentReactor().isEmpty());
            for (SelectorReactor r : group.reactors()) {
                assertSame(r, r.blockingCallFromThread(() -> group.currentReactor().orElseThrow()));
            }
        }
    }

    @Test
    void aPortInUseFailsAndStopsTheFactoriesAlreadyStarted() throws Exception {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        Observed seen = new Observed(0);
        try (ReactorGroup group = new ReactorGroup(2, ReactorOptions.defaults());
                ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            group.start();
            assertThrows(CannotListenError.class, () -> group.listenTCP(taken.getLocalPort(),
                    r -> new Recording(r, seen, events), 50, "127.0.0.1"));
            assertEquals(List.of("start on its thread: true", "stop on its thread: true"), List.copyOf(events));
            assertTrue(group.stop());
        }
    }

    @Test
    void guardsItsLifecycle() throws Exception {
        try (ReactorGroup group = new ReactorGroup(1, ReactorOptions.defaults())) {
            assertThrows(IllegalArgumentException.class, () -> new ReactorGroup(0, ReactorOptions.defaults()));
            group.start();
            assertThrows(IllegalStateException.class, group::start);
            SelectorReactor r = group.next();
            assertSame(r, group.next());
            IllegalStateException onReactor = r.blockingCallFromThread(
                    () -> assertThrows(IllegalStateException.class, group::stop));
            assertTrue(onReactor.getMessage().contains("cannot be called on"), onReactor.getMessage());
            assertTrue(group.stop());
            assertFalse(group.isRunning());
            assertThrows(IllegalStateException.class,
                    () -> group.listenTCP(0, ServerFactory.forProtocol(() -> new Protocol() { }), 50, "127.0.0.1"));
        }
    }

    @Test
    void defaultsToOneReactorPerCore() {
        try (ReactorGroup group = new ReactorGroup()) {
            assertEquals(Runtime.getRuntime().availableProcessors(), group.size());
            assertEquals(group.size(), group.reactors().size());
        }
    }
}
