package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Multicast over the loopback interface only (Twisted's test_udp MulticastTests): options, joining
 * and leaving a group, and a datagram sent to the group reaching a member. Skipped, saying why,
 * where the kernel refuses multicast on the loopback interface.
 */
@Timeout(120)
class SelectorReactorMulticastTest {
    private static final String GROUP = "225.0.0.250";
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

    /** The outcome of a Deferred fired on the reactor: null for success, else the failure. */
    private Failure outcome(Callable<Deferred<Void>> call) throws Exception {
        CompletableFuture<Failure> result = new CompletableFuture<>();
        runner.call(() -> call.call().addCallbacks(x -> {
            result.complete(null);
            return null;
        }, f -> {
            result.complete(f);
            return null;
        }));
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private MulticastTransport listen(DatagramProtocol p, String iface) throws Exception {
        return runner.call(() -> reactor.listenMulticast(0, p, iface, ReactorUDP.DEFAULT_MAX_PACKET_SIZE, true));
    }

    @Test
    void optionsCanBeReadAndSet() throws Exception {
        MulticastTransport port = listen(new DatagramRecorder(), "127.0.0.1");
        assertEquals(1, runner.call(port::getTTL), "the system's default TTL keeps datagrams local");
        runner.call(() -> {
            port.setTTL(2);
            port.setLoopbackMode(false);
            return null;
        });
        assertEquals(2, runner.call(port::getTTL));
        assertFalse(runner.call(port::getLoopbackMode));
        ExecutionException e = assertThrows(ExecutionException.class, () -> runner.call(() -> {
            port.setTTL(256);
            return null;
        }));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("", runner.call(port::getOutgoingInterface));
        assertEquals(null, outcome(() -> port.setOutgoingInterface("127.0.0.1")));
        assertEquals("127.0.0.1", runner.call(port::getOutgoingInterface));
    }

    @Test
    void badGroupsAndInterfacesFailWithMulticastJoinError() throws Exception {
        MulticastTransport port = listen(new DatagramRecorder(), "");
        Failure notMulticast = outcome(() -> port.joinGroup("127.0.0.1", "127.0.0.1"));
        assertTrue(notMulticast.check(MulticastJoinError.class), notMulticast.toString());
        Failure noInterface = outcome(() -> port.joinGroup(GROUP, "192.0.2.77"));
        assertTrue(noInterface.check(MulticastJoinError.class), noInterface.toString());
        Failure notJoined = outcome(() -> port.leaveGroup(GROUP, "127.0.0.1"));
        assertTrue(notJoined.check(MulticastJoinError.class), notJoined.toString());
        Failure badOutgoing = outcome(() -> port.setOutgoingInterface("192.0.2.77"));
        assertTrue(badOutgoing.check(MulticastJoinError.class), badOutgoing.toString());
        ExecutionException v6 = assertThrows(ExecutionException.class, () -> listen(new DatagramRecorder(), "::1"));
        assertInstanceOf(IllegalArgumentException.class, v6.getCause());
    }

    @Test
    void aMemberOfTheGroupOnLoopbackReceivesWhatIsSentToTheGroup() throws Exception {
        DatagramRecorder member = new DatagramRecorder();
        DatagramRecorder sender = new DatagramRecorder();
        MulticastTransport receiving = listen(member, "");
        Failure joined = outcome(() -> receiving.joinGroup(GROUP, "127.0.0.1"));
        Assumptions.assumeTrue(joined == null, "the kernel refuses multicast on the loopback interface: " + joined);
        MulticastTransport sending = listen(sender, "127.0.0.1");
        Failure outgoing = outcome(() -> sending.setOutgoingInterface("127.0.0.1"));
        Assumptions.assumeTrue(outgoing == null, "cannot send multicast from the loopback interface: " + outgoing);
        int port = ((IPv4Address) receiving.getHost()).port();
        runner.call(() -> {
            sending.setLoopbackMode(true);
            sending.write("to the group".getBytes(StandardCharsets.US_ASCII), new IPv4Address(Address.Type.UDP, GROUP, port));
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (member.receivedCount() == 0 && System.nanoTime() < deadline) {
            synchronized (Recorder.SIGNAL) {
                Recorder.SIGNAL.wait(20);
            }
        }
        Assumptions.assumeTrue(member.receivedCount() > 0,
                "the kernel did not route multicast over the loopback interface within 5 s");
        assertEquals("to the group", member.received().get(0).text());
        assertEquals(null, outcome(() -> receiving.leaveGroup(GROUP, "127.0.0.1")));
        assertTrue(outcome(() -> receiving.leaveGroup(GROUP, "127.0.0.1")).check(MulticastJoinError.class),
                "a group is left once");
    }
    /** Waits (bounded) until {@code p} has {@code n} datagrams; false if they did not come. */
    private static boolean arrives(DatagramRecorder p, int n, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (p.receivedCount() < n && System.nanoTime() < deadline) {
            synchronized (Recorder.SIGNAL) {
                Recorder.SIGNAL.wait(20);
            }
        }
        return p.receivedCount() >= n;
    }

    @Test
    void twoPortsSharingAPortBothReceiveWhatIsSentToTheGroup() throws Exception {
        DatagramRecorder first = new DatagramRecorder();
        DatagramRecorder second = new DatagramRecorder();
        MulticastTransport a = listen(first, "");
        int port = ((IPv4Address) a.getHost()).port();
        MulticastTransport b = runner.call(() -> reactor.listenMulticast(port, second, "", 100, true));
        Assumptions.assumeTrue(outcome(() -> a.joinGroup(GROUP, "127.0.0.1")) == null,
                "the kernel refuses multicast on the loopback interface");
        assertEquals(null, outcome(() -> b.joinGroup(GROUP, "127.0.0.1")));
        assertEquals(null, outcome(() -> a.setOutgoingInterface("127.0.0.1")));
        IPv4Address group = new IPv4Address(Address.Type.UDP, GROUP, port);
        runner.call(() -> {
            a.write("to both".getBytes(StandardCharsets.US_ASCII), group);
            return null;
        });
        Assumptions.assumeTrue(arrives(first, 1, 5) && arrives(second, 1, 5),
                "the kernel did not route multicast over the loopback interface within 5 s");
        assertEquals("to both", second.received().get(0).text());

        // Twisted's testLoopback (loopback mode off hides our own datagrams) cannot be checked
        // here: a datagram sent out of the loopback interface comes back in through it whatever
        // IP_MULTICAST_LOOP says, and these tests use no other interface.
        assertEquals("to both", first.received().get(0).text());
    }
}
