package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * UDP over a real reactor on 127.0.0.1 (Twisted's test_udp): ports and their addresses, datagrams
 * both ways, connected UDP and its refusals, errors, stopping and shutdown. Every wait is bounded.
 */
@Timeout(120)
class SelectorReactorUdpTest {
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

    private void await(String what, Callable<Boolean> condition) throws Exception {
        TransportHarness.await(runner, what, condition);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private UDPTransport listen(DatagramProtocol p) throws Exception {
        return runner.call(() -> reactor.listenUDP(0, p, "127.0.0.1", ReactorUDP.DEFAULT_MAX_PACKET_SIZE));
    }

    private void onReactor(Runnable r) throws Exception {
        runner.call(() -> {
            r.run();
            return null;
        });
    }

    private static <E extends Throwable> E thrownOnReactor(Class<E> type, Executable call) {
        ExecutionException e = assertThrows(ExecutionException.class, call);
        return assertInstanceOf(type, e.getCause());
    }

    static int portOf(UDPTransport port) {
        return ((IPv4Address) port.getHost()).port();
    }

    /** A port number where nothing listens now. */
    private static int freePort() throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    @Test
    void listeningStartsTheProtocolAndGetHostTellsThePort() throws Exception {
        DatagramRecorder p = new DatagramRecorder();
        UDPTransport port = listen(p);
        assertEquals(List.of("start"), p.events(), "startProtocol ran before listenUDP returned");
        IPv4Address host = assertInstanceOf(IPv4Address.class, port.getHost());
        assertEquals(Address.Type.UDP, host.type());
        assertEquals("127.0.0.1", host.host());
        assertNotEquals(0, host.port());
        assertTrue(p.isListening());
        assertEquals(port, p.transport());
    }

    @Test
    void datagramsGoBothWaysWithTheSendersAddress() throws Exception {
        DatagramRecorder a = new DatagramRecorder();
        DatagramRecorder b = new DatagramRecorder() {
            @Override
            public void datagramReceived(byte[] data, Address from) {
                super.datagramReceived(data, from);
                transport().write(bytes("echo:" + new String(data, StandardCharsets.US_ASCII)), from);
            }
        };
        UDPTransport portA = listen(a);
        UDPTransport portB = listen(b);
        onReactor(() -> {
            portA.write(bytes("one"), portB.getHost());
            portA.write(new byte[0], IPv4Address.tcp("127.0.0.1", portOf(portB)));
            portA.write(bytes("three"), portB.getHost());
        });
        await("three echoes", () -> a.receivedCount() == 3);
        List<DatagramRecorder.Datagram> got = b.received();
        assertEquals(List.of("one", "", "three"), got.stream().map(DatagramRecorder.Datagram::text).toList(),
                "each datagram whole, the empty one included, in order on loopback");
        assertEquals(portA.getHost(), got.get(0).from());
        assertEquals("echo:one", a.received().get(0).text());
        assertEquals(portB.getHost(), a.received().get(0).from());
    }

    @Test
    void aDatagramLongerThanMaxPacketSizeIsCutShort() throws Exception {
        DatagramRecorder small = new DatagramRecorder();
        DatagramRecorder sender = new DatagramRecorder();
        UDPTransport receiving = runner.call(() -> reactor.listenUDP(0, small, "127.0.0.1", 10));
        UDPTransport sending = listen(sender);
        onReactor(() -> sending.write(bytes("0123456789abcdefghij"), receiving.getHost()));
        await("the datagram", () -> small.receivedCount() == 1);
        assertEquals("0123456789", small.received().get(0).text());
    }

    @Test
    void connectedPortWritesWithoutAnAddressAndRefusesOthers() throws Exception {
        DatagramRecorder client = new DatagramRecorder();
        DatagramRecorder server = new DatagramRecorder();
        UDPTransport s = listen(server);
        UDPTransport c = listen(client);
        thrownOnReactor(IllegalStateException.class, () -> onReactor(() -> c.write(bytes("x"))));
        onReactor(() -> c.connect("127.0.0.1", portOf(s)));
        onReactor(() -> {
            c.write(bytes("hello"));
            c.write(bytes("again"), s.getHost());
        });
        await("two datagrams", () -> server.receivedCount() == 2);
        assertEquals("hello", server.received().get(0).text());
        assertEquals(c.getHost(), server.received().get(0).from());
        thrownOnReactor(IllegalStateException.class,
                () -> onReactor(() -> c.write(bytes("x"), IPv4Address.tcp("127.0.0.1", freePortQuietly()))));
        thrownOnReactor(IllegalStateException.class, () -> onReactor(() -> c.connect("127.0.0.1", portOf(s))));
        onReactor(() -> s.write(bytes("reply"), c.getHost()));
        await("the reply", () -> client.receivedCount() == 1);
        assertEquals(s.getHost(), client.received().get(0).from());
    }

    private static int freePortQuietly() {
        try {
            return freePort();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void connectNeedsALiteralAddressAndAValidPort() throws Exception {
        UDPTransport c = listen(new DatagramRecorder());
        thrownOnReactor(InvalidAddressError.class, () -> onReactor(() -> c.connect("localhost", 80)));
        thrownOnReactor(IllegalArgumentException.class, () -> onReactor(() -> c.connect("127.0.0.1", 0)));
        thrownOnReactor(InvalidAddressError.class,
                () -> onReactor(() -> c.write(bytes("x"), new HostnameAddress("localhost", 80))));
        thrownOnReactor(InvalidAddressError.class,
                () -> onReactor(() -> c.write(bytes("x"), IPv4Address.tcp("localhost", 80))));
        thrownOnReactor(InvalidAddressError.class,
                () -> onReactor(() -> c.write(bytes("x"), IPv6Address.tcp("::1", 80))));
        thrownOnReactor(InvalidAddressError.class, () -> onReactor(() -> c.connect("::1", 80)));
    }

    @Test
    void aConnectedPortHearsThatNobodyListensAsConnectionRefused() throws Exception {
        DatagramRecorder client = new DatagramRecorder();
        UDPTransport c = listen(client);
        int nobody = freePort();
        onReactor(() -> {
            c.connect("127.0.0.1", nobody);
            c.write(bytes("anyone?"));
        });
        await("connectionRefused", () -> client.refusals > 0);
        onReactor(() -> c.write(bytes("still open")));
        assertTrue(client.isListening(), "a refusal does not close the port");
    }

    @Test
    void aPortInUseCannotBeListenedOn() throws Exception {
        UDPTransport first = listen(new DatagramRecorder());
        CannotListenError e = thrownOnReactor(CannotListenError.class,
                () -> runner.call(() -> reactor.listenUDP(portOf(first), new DatagramRecorder(), "127.0.0.1", 100)));
        assertEquals(portOf(first), e.port());
    }

    @Test
    void badArgumentsAreRefusedAtOnce() throws Exception {
        DatagramRecorder p = new DatagramRecorder();
        thrownOnReactor(IllegalArgumentException.class, () -> runner.call(() -> reactor.listenUDP(0, p, "127.0.0.1", 0)));
        thrownOnReactor(IllegalArgumentException.class, () -> runner.call(() -> reactor.listenUDP(70000, p)));
        thrownOnReactor(IllegalArgumentException.class, () -> runner.call(() -> reactor.listenUDP(0, p, "localhost", 10)));
        listen(p);
        thrownOnReactor(IllegalStateException.class, () -> listen(p));
    }

    @Test
    void stopListeningStopsTheProtocolAtTheEndOfTheTurnAndFreesThePort() throws Exception {
        DatagramRecorder p = new DatagramRecorder();
        UDPTransport port = listen(p);
        int number = portOf(port);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        onReactor(() -> {
            port.stopListening().addCallback(x -> {
                stopped.complete(null);
                return null;
            });
            assertEquals(List.of("start"), p.events(), "stopProtocol waits for the end of the turn");
        });
        stopped.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("start", "stop"), p.events());
        assertFalse(p.isListening());
        thrownOnReactor(IllegalStateException.class, () -> onReactor(() -> port.write(bytes("x"), port.getHost())));
        DatagramRecorder again = new DatagramRecorder();
        runner.call(() -> reactor.listenUDP(number, again, "127.0.0.1", 100));
        runner.call(() -> reactor.listenUDP(0, p, "127.0.0.1", 100)); // a stopped protocol can be reused
    }

    @Test
    void anErrorInDatagramReceivedIsLoggedAndThePortGoesOn() throws Exception {
        DatagramRecorder p = new DatagramRecorder() {
            @Override
            public void datagramReceived(byte[] data, Address from) {
                super.datagramReceived(data, from);
                if (data.length == 4) {
                    throw new IllegalStateException("boom in datagramReceived");
                }
            }
        };
        UDPTransport port = listen(p);
        UDPTransport sender = listen(new DatagramRecorder());
        onReactor(() -> {
            sender.write(bytes("boom"), port.getHost());
            sender.write(bytes("fine"), port.getHost());
            sender.write(bytes("ok"), port.getHost());
        });
        await("all three", () -> p.receivedCount() == 3);
        assertTrue(log.await(e -> e.error() != null && "boom in datagramReceived".equals(e.error().getMessage()),
                WAIT_SECONDS) != null);
        assertTrue(p.isListening());
    }

    @Test
    void broadcastOptionCanBeSet() throws Exception {
        UDPTransport port = listen(new DatagramRecorder());
        assertFalse(runner.call(port::getBroadcastAllowed));
        onReactor(() -> port.setBroadcastAllowed(true));
        assertTrue(runner.call(port::getBroadcastAllowed));
    }

    @Test
    void shutdownStopsTheProtocol() throws Exception {
        DatagramRecorder p = new DatagramRecorder();
        listen(p);
        runner.close();
        assertEquals(List.of("start", "stop"), p.events());
    }

    @Test
    void ipv6Datagrams() throws Exception {
        DatagramRecorder a = new DatagramRecorder();
        DatagramRecorder b = new DatagramRecorder();
        UDPTransport portA;
        try {
            portA = runner.call(() -> reactor.listenUDP(0, a, "::1", 100));
        } catch (ExecutionException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no IPv6 loopback here: " + e.getCause());
            return;
        }
        UDPTransport portB = runner.call(() -> reactor.listenUDP(0, b, "::1", 100));
        IPv6Address host = assertInstanceOf(IPv6Address.class, portA.getHost());
        assertEquals(Address.Type.UDP, host.type());
        assertEquals("::1", host.host());
        onReactor(() -> portA.write(bytes("six"), portB.getHost()));
        await("the datagram", () -> b.receivedCount() == 1);
        assertArrayEquals(bytes("six"), b.received().get(0).data());
        assertEquals(portA.getHost(), b.received().get(0).from());
    }
    @Test
    void startProtocolMayConnectAndWriteAtOnce() throws Exception {
        DatagramRecorder server = new DatagramRecorder();
        UDPTransport s = listen(server);
        int serverPort = portOf(s);
        DatagramRecorder client = new DatagramRecorder() {
            @Override
            public void startProtocol() {
                super.startProtocol();
                transport().connect("127.0.0.1", serverPort);
                transport().write(bytes("Hello World"));
            }
        };
        listen(client);
        await("the greeting", () -> server.receivedCount() == 1);
        assertEquals("Hello World", server.received().get(0).text());
    }

    @Test
    void aTooLongDatagramIsAMessageLengthError() throws Exception {
        UDPTransport port = listen(new DatagramRecorder());
        thrownOnReactor(MessageLengthError.class, () -> onReactor(() -> port.write(new byte[70_000], port.getHost())));
        onReactor(() -> port.write(bytes("still fine"), port.getHost()));
    }
}
