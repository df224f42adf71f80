package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.internal.TcpConnection;
import io.torsion.internet.internal.TcpContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TCP over real loopback sockets (Twisted's test_tcp): listening, connecting and their errors,
 * large and many transfers, resets, flow control, errors in protocols, and shutdown. Only 127.0.0.1
 * and ::1 are used; every wait is bounded.
 */
@Timeout(120)
class SelectorReactorTcpTest {
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));
    private ReactorRunner runner;

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

    private void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        TransportHarness.await(runner, what, condition);
    }

    private ListeningPort listen(String host, Supplier<? extends Protocol> server) throws Exception {
        return runner.call(() -> reactor.listenTCP(0, ServerFactory.forProtocol(server), host));
    }

    /** A client factory that records what the connector tells it. */
    static final class RecordingClientFactory extends ClientFactory<Protocol> {
        final CompletableFuture<Failure> failed = new CompletableFuture<>();
        final CompletableFuture<Failure> lost = new CompletableFuture<>();
        volatile int starts;
        volatile int stops;
        volatile int startedConnecting;

        RecordingClientFactory(Supplier<? extends Protocol> protocol) {
            super(protocol);
        }

        @Override
        public void startFactory() {
            starts++;
        }

        @Override
        public void stopFactory() {
            stops++;
        }

        @Override
        public void startedConnecting(Connector connector) {
            startedConnecting++;
        }

        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
            failed.complete(reason);
        }

        @Override
        public void clientConnectionLost(Connector connector, Failure reason) {
            lost.complete(reason);
        }
    }

    // ------------------------------------------------------------------ addresses

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void getHostAndGetPeerNameBothEnds(String host) throws Exception {
        Recorder server = new Recorder();
        Recorder client = new Recorder();
        ListeningPort port = listen(host, () -> server);
        int portNumber = Tcp.portOf(port);
        assertNotEquals(0, portNumber, "port 0 picks a free port, and getHost tells which");
        assertEquals(host, Tcp.hostOf(port.getHost()));
        assertEquals(host.contains(":") ? IPv6Address.class : IPv4Address.class, port.getHost().getClass());
        Connector connector = runner.call(() -> reactor.connectTCP(host, portNumber, ClientFactory.forProtocol(() -> client)));
        Transport serverEnd = get(server.made);
        Transport clientEnd = get(client.made);
        assertEquals(serverEnd.getHost(), clientEnd.getPeer());
        assertEquals(serverEnd.getPeer(), clientEnd.getHost());
        assertEquals(port.getHost(), serverEnd.getHost());
        assertEquals(host, Tcp.hostOf(clientEnd.getHost()));
        assertEquals(host.contains(":") ? IPv6Address.tcp(host, portNumber) : IPv4Address.tcp(host, portNumber),
                connector.getDestination());
    }

    @Test
    void listeningOnAllInterfacesReportsTheIPv4Wildcard() throws Exception {
        ListeningPort port = runner.call(() -> reactor.listenTCP(0, ServerFactory.forProtocol(Recorder::new)));
        assertEquals("0.0.0.0", Tcp.hostOf(port.getHost()));
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        get(client.made);
    }

    @Test
    void aHostNameIsResolvedInTheThreadPoolAndConnected() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        Connector c = runner.call(() -> reactor.connectTCP("localhost", Tcp.portOf(port),
                ClientFactory.forProtocol(() -> client)));
        assertEquals(new HostnameAddress("localhost", Tcp.portOf(port)), c.getDestination());
        get(client.made);
        get(server.made);
    }

    // ------------------------------------------------------------------ data

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnEcho() throws Exception {
        ListeningPort port = listen("127.0.0.1", TransportConformance.Echo::new);
        int n = 50;
        List<Recorder> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Recorder client = new Recorder();
            byte[] message = ("client " + i + " says hello").getBytes(StandardCharsets.US_ASCII);
            client.onMade = r -> r.transport().write(message);
            clients.add(client);
        }
        runner.call(() -> {
            for (Recorder client : clients) {
                reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client));
            }
            return null;
        });
        for (int i = 0; i < n; i++) {
            String expected = "client " + i + " says hello";
            Recorder client = clients.get(i);
            await("echo " + i, () -> client.receivedCount() == expected.length());
            assertEquals(expected, new String(client.received(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void severalMegabytesArriveIntactAndInOrder() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = listen("127.0.0.1", () -> server);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            pieces.add(Tcp.pattern(100_000 + i, i));
        }
        byte[] huge = Tcp.pattern(3_000_000, 99);
        Recorder client = new Recorder();
        client.onMade = r -> {
            r.transport().writeSequence(pieces.subList(0, 24));
            r.transport().write(huge);
            for (byte[] p : pieces.subList(24, 48)) {
                r.transport().write(p);
            }
            r.transport().loseConnection();
        };
        for (byte[] p : pieces.subList(0, 24)) {
            sent.write(p);
        }
        sent.write(huge);
        for (byte[] p : pieces.subList(24, 48)) {
            sent.write(p);
        }
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        assertEquals(ConnectionDone.class, get(server.lost).type());
        assertArrayEquals(sent.toByteArray(), server.received());
        assertEquals(ConnectionDone.class, get(client.lost).type());
    }

    @Test
    void readsAreBoundedAndNeverReuseTheArrayHandedOver() throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        Recorder server = new Recorder();
        server.onData = chunks::add; // kept, as a protocol may
        ListeningPort port = listen("127.0.0.1", () -> server);
        byte[] data = Tcp.pattern(1_000_000, 5);
        Recorder client = new Recorder();
        client.onMade = r -> {
            r.transport().write(data);
            r.transport().loseConnection();
        };
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        get(server.lost);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        List<byte[]> copy = runner.call(() -> new ArrayList<>(chunks));
        for (byte[] c : copy) {
            assertTrue(c.length <= 64 * 1024, "one read is at most 64 KiB, got " + c.length);
            joined.write(c);
        }
        assertArrayEquals(data, joined.toByteArray(), "arrays kept by the protocol were not overwritten");
    }

    @Test
    void pauseProducingStopsDeliveryUntilResumed() throws Exception {
        Recorder server = new Recorder();
        server.onMade = r -> r.transport().pauseProducing();
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        client.onMade = r -> r.transport().write("abc".getBytes(StandardCharsets.US_ASCII));
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        get(server.made);
        get(client.made);
        for (int turn = 0; turn < 20; turn++) {
            assertEquals(0, (int) runner.call(server::receivedCount), "nothing is read while paused");
        }
        runner.call(() -> {
            server.transport().resumeProducing();
            return null;
        });
        await("delivery after resumeProducing", () -> server.receivedCount() == 3);
    }

    // ------------------------------------------------------------------ closing

    @Test
    void aClosedConnectionIsNoticedWhenAPausedTransportResumes() throws Exception {
        List<String> events = new ArrayList<>();
        Recorder server = new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                events.add("paused");
                transport().pauseProducing();
                reactor.callLater(0, () -> {
                    events.add("resumed");
                    transport().resumeProducing();
                });
            }

            @Override
            public void connectionLost(Failure reason) {
                events.add("lost");
                super.connectionLost(reason);
            }
        };
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        client.onMade = r -> {
            r.transport().write("some bytes for you".getBytes(StandardCharsets.US_ASCII));
            r.transport().loseConnection();
        };
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        get(server.lost);
        assertEquals(List.of("paused", "resumed", "lost"), runner.call(() -> List.copyOf(events)));
    }


    @Test
    void aPeerResetGivesConnectionLost() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = listen("127.0.0.1", () -> server);
        try (Socket peer = new Socket(InetAddress.getByName("127.0.0.1"), Tcp.portOf(port))) {
            get(server.made);
            peer.setSoLinger(true, 0);
        }
        Failure reason = get(server.lost);
        assertEquals(ConnectionLost.class, reason.type(), "a reset is not a clean close: " + reason);
    }

    @Test
    void halfClosingInReadConnectionLostThenClosingInWriteConnectionLostEndsTheConnection() throws Exception {
        Recorder.HalfClose server = new Recorder.HalfClose() {
            @Override
            public void writeConnectionLost() {
                super.writeConnectionLost();
                transport().loseConnection();
            }
        };
        server.onReadLost = () -> ((TcpTransport) server.transport()).loseWriteConnection();
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        client.onMade = r -> r.transport().loseConnection();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        assertTrue(get(server.lost).check(ConnectionClosed.class));
        assertEquals(List.of("made", "readLost", "writeLost"), server.events().subList(0, 3));
        assertEquals(ConnectionDone.class, get(client.lost).type());
    }

    @Test
    void anExceptionInDataReceivedIsLoggedAndClosesOnlyThatConnection() throws Exception {
        Recorder server = new Recorder();
        IllegalStateException boom = new IllegalStateException("boom in dataReceived");
        server.onData = d -> {
            throw boom;
        };
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        client.onMade = r -> r.transport().write(new byte[] {1, 2, 3});
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        Failure reason = get(server.lost);
        assertInstanceOf(ConnectionLost.class, reason.value());
        assertEquals(boom, reason.value().getCause());
        assertTrue(get(client.lost).check(ConnectionClosed.class));
        assertTrue(log.entries().stream().anyMatch(e -> e.error() == boom), "the error was logged with its stack");
        // The reactor and the port go on.
        Recorder second = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> second)));
        get(second.made);
    }

    @Test
    void anExceptionInConnectionMadeIsLoggedAndClosesTheConnection() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom in connectionMade");
        Recorder server = new Recorder();
        server.onMade = r -> {
            throw boom;
        };
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        assertEquals(boom, get(server.lost).value().getCause());
        assertTrue(get(client.lost).check(ConnectionClosed.class));
        assertTrue(log.entries().stream().anyMatch(e -> e.error() == boom), "the error was logged with its stack");
    }

    @Test
    void theReactorsShutdownClosesConnectionsAndPorts() throws Exception {
        Recorder server = new Recorder();
        ServerFactory<Recorder> serverFactory = ServerFactory.forProtocol(() -> server);
        ListeningPort port = runner.call(() -> reactor.listenTCP(0, serverFactory, "127.0.0.1"));
        Recorder client = new Recorder();
        RecordingClientFactory clientFactory = new RecordingClientFactory(() -> client);
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), clientFactory));
        get(server.made);
        get(client.made);
        runner.stopAndJoin();
        assertEquals(ConnectionLost.class, server.lost.getNow(null).type());
        assertEquals(ConnectionLost.class, client.lost.getNow(null).type());
        assertEquals(0, serverFactory.getNumPorts(), "the port stopped its factory");
        assertEquals(1, clientFactory.stops);
        assertTrue(clientFactory.lost.isDone());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", Tcp.portOf(port)).close(),
                "the port is closed");
    }

    // ------------------------------------------------------------------ flow control

    /** Writes a chunk every loop turn while not paused, and watches the transport's buffer. */
    static final class Flood implements PushProducer {
        static final int CHUNK = 16 * 1024;
        final SelectorReactor reactor;
        final TcpConnection transport;
        final CompletableFuture<Long> pausedAt = new CompletableFuture<>();
        volatile boolean paused;
        volatile boolean stopped;
        volatile long maxBuffered;
        volatile long written;

        Flood(SelectorReactor reactor, TcpConnection transport) {
            this.reactor = reactor;
            this.transport = transport;
        }

        void tick() {
            if (paused || stopped) {
                return;
            }
            transport.write(new byte[CHUNK]);
            written += CHUNK;
            maxBuffered = Math.max(maxBuffered, transport.bufferedBytes());
            reactor.callLater(0, this::tick);
        }

        @Override
        public void pauseProducing() {
            paused = true;
            pausedAt.complete(transport.bufferedBytes());
        }

        @Override
        public void resumeProducing() {
            paused = false;
            reactor.callLater(0, this::tick);
        }

        @Override
        public void stopProducing() {
            stopped = true;
            Recorder.signal();
        }
    }

    @Test
    void aPeerThatNeverReadsPausesTheProducerAndKeepsTheBufferBounded() throws Exception {
        CompletableFuture<Flood> flood = new CompletableFuture<>();
        Recorder server = new Recorder();
        server.onMade = r -> {
            Flood f = new Flood(reactor, (TcpConnection) r.transport());
            r.transport().registerProducer(f, true);
            f.tick();
            flood.complete(f);
        };
        ListeningPort port = listen("127.0.0.1", () -> server);
        try (Socket peer = new Socket()) {
            peer.setReceiveBufferSize(4096);
            peer.connect(new InetSocketAddress("127.0.0.1", Tcp.portOf(port)));
            Flood f = get(flood);
            long atPause = get(f.pausedAt);
            int high = SelectorReactor.DEFAULT_WRITE_HIGH_WATER_MARK;
            assertTrue(atPause > high, "paused only above the mark: " + atPause);
            for (int turn = 0; turn < 50; turn++) {
                assertTrue(runner.call(() -> f.paused), "stays paused while the peer does not read");
            }
            assertTrue(f.maxBuffered <= high + Flood.CHUNK,
                    "the write buffer stayed under the mark plus one chunk: " + f.maxBuffered);
            assertTrue(f.written < 64L * 1024 * 1024, "the socket took a bounded amount: " + f.written);
            peer.setSoLinger(true, 0);
        }
        assertEquals(ConnectionLost.class, get(server.lost).type());
        assertTrue(get(flood).stopped, "the producer is stopped when the connection is lost");
    }

    @Test
    void aPullProducerIsAskedForMoreEachTimeTheBufferDrains() throws Exception {
        int pieces = 40;
        Recorder server = new Recorder();
        server.onMade = r -> r.transport().registerProducer(new PullProducer() {
            int sent;

            @Override
            public void resumeProducing() {
                if (sent == pieces) {
                    r.transport().unregisterProducer();
                    r.transport().loseConnection();
                    return;
                }
                r.transport().write(Tcp.pattern(64 * 1024, sent++));
            }

            @Override
            public void stopProducing() {
            }
        }, false);
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        assertEquals(ConnectionDone.class, get(client.lost).type());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            expected.write(Tcp.pattern(64 * 1024, i));
        }
        assertArrayEquals(expected.toByteArray(), client.received());
    }

    // ------------------------------------------------------------------ connecting

    @Test
    void aRefusedConnectionFailsWithConnectionRefusedError() throws Exception {
        ListeningPort port = listen("127.0.0.1", Recorder::new);
        int free = Tcp.portOf(port);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        runner.call(() -> port.stopListening().addCallback(v -> {
            stopped.complete(null);
            return null;
        }));
        get(stopped);
        RecordingClientFactory factory = new RecordingClientFactory(Recorder::new);
        runner.call(() -> reactor.connectTCP("127.0.0.1", free, factory));
        assertEquals(ConnectionRefusedError.class, get(factory.failed).type());
        assertEquals(1, factory.starts);
        assertEquals(1, factory.startedConnecting);
        assertEquals(1, runner.call(() -> factory.stops), "the factory is stopped after the failure");
    }

    @Test
    void aConnectionThatDoesNotCompleteInTimeFailsWithConnectTimeoutError() throws Exception {
        // A listening socket whose accept queue is full drops new SYNs, so a connect to it hangs
        // without any traffic leaving the host.
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            boolean hangs = false;
            for (int i = 0; i < 64 && !hangs; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(full.getLocalSocketAddress(), 1000);
                } catch (SocketTimeoutException e) {
                    hangs = true;
                }
            }
            Assumptions.assumeTrue(hangs, "this system never lets a connect hang on a full backlog");
            RecordingClientFactory factory = new RecordingClientFactory(Recorder::new);
            runner.call(() -> reactor.connectTCP("127.0.0.1", full.getLocalPort(), factory, 0.3));
            Failure reason = get(factory.failed);
            assertEquals(ConnectTimeoutError.class, reason.type(), reason.toString());
            assertTrue(reason.check(UserError.class, ConnectError.class));
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    @Test
    void aClientBindsToTheAddressItIsGiven() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = listen("127.0.0.1", () -> server);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // A port that is certainly in use: binding a client to it fails with ConnectBindError.
            RecordingClientFactory refused = new RecordingClientFactory(Recorder::new);
            runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), refused, 10,
                    IPv4Address.tcp("127.0.0.1", probe.getLocalPort())));
            assertEquals(ConnectBindError.class, get(refused.failed).type());
        }
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client),
                10, IPv4Address.tcp("127.0.0.1", 0)));
        Transport serverEnd = get(server.made);
        assertEquals("127.0.0.1", Tcp.hostOf(serverEnd.getPeer()));
        assertEquals(serverEnd.getPeer(), get(client.made).getHost());
    }

    @Test
    void stopConnectingFailsTheAttemptWithUserErrorAndThenIsRefused() throws Exception {
        ListeningPort port = listen("127.0.0.1", Recorder::new);
        RecordingClientFactory factory = new RecordingClientFactory(Recorder::new);
        Connector c = runner.call(() -> {
            Connector connector = reactor.connectTCP("127.0.0.1", Tcp.portOf(port), factory);
            connector.stopConnecting();
            return connector;
        });
        assertEquals(UserError.class, get(factory.failed).type());
        ExecutionException e = assertThrows(ExecutionException.class, () -> runner.call(() -> {
            c.stopConnecting();
            return null;
        }));
        assertInstanceOf(NotConnectingError.class, e.getCause());
    }

    @Test
    void aConnectorCanConnectAgainAfterTheConnectionIsLost() throws Exception {
        ListeningPort port = listen("127.0.0.1", Recorder::new);
        List<Recorder> clients = new ArrayList<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        ClientFactory<Recorder> factory = new ClientFactory<>(() -> {
            Recorder r = new Recorder();
            r.onMade = rec -> {
                if (clients.size() == 1) {
                    rec.transport().loseConnection();
                } else {
                    second.complete(null);
                }
            };
            clients.add(r);
            return r;
        }) {
            @Override
            public void clientConnectionLost(Connector connector, Failure reason) {
                connector.connect();
            }
        };
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), factory));
        get(second);
        assertEquals(1, (int) runner.call(factory::getNumPorts), "reconnecting does not restart the factory");
    }

    // ------------------------------------------------------------------ reading

    /** Writes {@code data} to the server from a plain blocking socket on another thread, then closes. */
    private static Thread blast(int port, byte[] data) {
        Thread t = new Thread(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(data);
            } catch (IOException ignored) {
                // the server closed first: what the test checks is on the server's side
            }
        }, "blast");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aBusySocketIsReadAgainInTheSamePassOnlyAfterFullBuffersAndAtMostTheBound() throws Exception {
        // Per turn of the loop, the sizes of the reads the server got: a read follows another in
        // the same pass only when the one before filled the buffer, and never more than the bound.
        java.util.Map<Long, List<Integer>> readsPerTurn = new java.util.TreeMap<>();
        Recorder server = new Recorder();
        server.onData = d -> readsPerTurn.computeIfAbsent(reactor.getLoopLag().turns(), t -> new ArrayList<>()).add(d.length);
        ListeningPort port = listen("127.0.0.1", () -> server);
        byte[] sent = Tcp.pattern(4 << 20, 3);
        blast(Tcp.portOf(port), sent);
        get(server.lost);
        assertArrayEquals(sent, server.received());
        runner.call(() -> {
            for (List<Integer> reads : readsPerTurn.values()) {
                assertTrue(reads.size() <= TcpContext.READS_PER_PASS, "reads in one pass: " + reads);
                for (int i = 0; i < reads.size() - 1; i++) {
                    assertEquals(TcpContext.READ_BUFFER_SIZE, reads.get(i), "read again after a short read: " + reads);
                }
            }
            return null;
        });
    }

    @Test
    void pausingInDataReceivedStopsTheReadsOfThatPassAndResumingDeliversTheRest() throws Exception {
        Recorder server = new Recorder();
        int[] calls = {0};
        server.onData = d -> {
            if (calls[0]++ == 0) {
                server.transport().pauseProducing();
            }
        };
        ListeningPort port = listen("127.0.0.1", () -> server);
        byte[] sent = Tcp.pattern(1 << 20, 4);
        blast(Tcp.portOf(port), sent);
        await("the first read", () -> calls[0] > 0);
        for (int turn = 0; turn < 3; turn++) {
            runner.call(() -> null); // each call is a turn of the loop, with the socket still readable
        }
        assertEquals(1, (int) runner.call(() -> calls[0]), "no read after pauseProducing");
        runner.call(() -> {
            server.transport().resumeProducing();
            return null;
        });
        get(server.lost);
        assertArrayEquals(sent, server.received());
    }

    @Test
    void loseConnectionInDataReceivedEndsTheReadsOfThatPass() throws Exception {
        Recorder server = new Recorder();
        int[] calls = {0};
        server.onData = d -> {
            calls[0]++;
            server.transport().loseConnection();
        };
        ListeningPort port = listen("127.0.0.1", () -> server);
        blast(Tcp.portOf(port), Tcp.pattern(1 << 20, 5));
        get(server.lost);
        assertEquals(1, (int) runner.call(() -> calls[0]), "no data after loseConnection");
    }

    // ------------------------------------------------------------------ listening

    @Test
    void stopListeningClosesThePortButNotItsConnections() throws Exception {
        TransportConformance.Echo server = new TransportConformance.Echo();
        ServerFactory<Protocol> factory = ServerFactory.forProtocol(() -> server);
        ListeningPort port = runner.call(() -> reactor.listenTCP(0, factory, "127.0.0.1"));
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        get(client.made);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        runner.call(() -> port.stopListening().addCallback(v -> {
            stopped.complete(null);
            return null;
        }));
        get(stopped);
        assertEquals(0, (int) runner.call(factory::getNumPorts), "doStop ran");
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", Tcp.portOf(port)).close());
        runner.call(() -> {
            client.transport().write("still here".getBytes(StandardCharsets.US_ASCII));
            return null;
        });
        await("the echo over the old connection", () -> client.receivedCount() == 10);
        assertTrue(runner.call(() -> port.stopListening().isCalled()), "stopping again is harmless");
    }

    @Test
    void whenStopListeningFiresTheKernelNoLongerListens() throws Exception {
        // A channel closed while registered keeps its socket until the selector deregisters it;
        // the Deferred must not fire before that. Connecting from inside the callback, before the
        // reactor selects again, tells the two apart every time.
        ListeningPort port = listen("127.0.0.1", Recorder::new);
        int number = Tcp.portOf(port);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        runner.call(() -> port.stopListening().addCallback(v -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", number), 5_000);
                outcome.complete("connected");
            } catch (ConnectException refused) {
                outcome.complete("refused");
            } catch (IOException e) {
                outcome.complete(e.toString());
            }
            return null;
        }));
        assertEquals("refused", get(outcome));
    }

    @Test
    void listeningOnAPortInUseFailsWithCannotListenErrorNamingTheAddress() throws Exception {
        ListeningPort port = listen("127.0.0.1", Recorder::new);
        int used = Tcp.portOf(port);
        ServerFactory<Recorder> factory = ServerFactory.forProtocol(Recorder::new);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> runner.call(() -> reactor.listenTCP(used, factory, "127.0.0.1")));
        CannotListenError error = assertInstanceOf(CannotListenError.class, e.getCause());
        assertTrue(error.getMessage().contains("127.0.0.1:" + used), error.getMessage());
        assertEquals(used, error.port());
        assertEquals(0, factory.getNumPorts(), "a port that failed does not start its factory");
    }

    @Test
    void listenTCPRefusesAHostNameAsInterface() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> runner.call(
                () -> reactor.listenTCP(0, ServerFactory.forProtocol(Recorder::new), "localhost")));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    // ------------------------------------------------------------------ threads

    @Test
    void transportMethodsAssertTheReactorThread() throws Exception {
        Recorder server = new Recorder();
        ListeningPort port = listen("127.0.0.1", () -> server);
        Recorder client = new Recorder();
        runner.call(() -> reactor.connectTCP("127.0.0.1", Tcp.portOf(port), ClientFactory.forProtocol(() -> client)));
        Transport t = get(client.made);
        AssertionError e = assertThrows(AssertionError.class, () -> t.write(new byte[] {1}));
        assertTrue(e.getMessage().contains("write"), e.getMessage());
        assertThrows(AssertionError.class, t::loseConnection);
        assertFalse(runner.call(t::isDisconnecting));
    }
}
