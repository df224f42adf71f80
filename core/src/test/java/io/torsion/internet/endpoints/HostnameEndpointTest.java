package io.torsion.internet.endpoints;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.internet.ConnectionRefusedError;
import io.torsion.internet.DNSLookupError;
import io.torsion.internet.Factory;
import io.torsion.internet.NoRouteError;
import io.torsion.testing.MemoryReactor.TcpClient;
import io.torsion.testing.MemoryReactorClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8305 ordering and timing, with fake time, a fake resolver and a MemoryReactor. */
class HostnameEndpointTest {
    private final MemoryReactorClock reactor = new MemoryReactorClock();
    private final List<String> lookups = new ArrayList<>();
    private Deferred<List<InetAddress>> answer = new Deferred<>();
    private final HostnameEndpoint endpoint = new HostnameEndpoint(reactor, reactor, host -> {
        lookups.add(host);
        return answer;
    }, "example.com", 80, 10);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> attempted() {
        return reactor.tcpClients().stream().map(TcpClient::host).toList();
    }

    private Deferred<EndpointsTest.Recorder> connect(String... addresses) {
        Deferred<EndpointsTest.Recorder> d = endpoint.connect(Factory.forProtocol(EndpointsTest.Recorder::new));
        answer.callback(java.util.Arrays.stream(addresses).map(HostnameEndpointTest::ip).toList());
        return d;
    }

    @Test
    void interleavesFamiliesStartingWithTheFirst() {
        List<InetAddress> in = List.of(ip("2001:db8::1"), ip("2001:db8::2"), ip("192.0.2.1"), ip("192.0.2.2"),
                ip("192.0.2.3"));
        List<String> out = HostnameEndpoint.interleave(in).stream().map(InetAddress::getHostAddress).toList();
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1", "2001:db8:0:0:0:0:0:2", "192.0.2.2", "192.0.2.3"), out);
        List<String> v4first = HostnameEndpoint.interleave(List.of(ip("192.0.2.1"), ip("2001:db8::1")))
                .stream().map(InetAddress::getHostAddress).toList();
        assertEquals(List.of("192.0.2.1", "2001:db8:0:0:0:0:0:1"), v4first);
    }

    @Test
    void startsTheNextAttemptEvery250Milliseconds() {
        Deferred<EndpointsTest.Recorder> d = connect("2001:db8::1", "192.0.2.1", "192.0.2.2");
        assertEquals(List.of("example.com"), lookups);
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), attempted());
        reactor.advance(0.249);
        assertEquals(1, attempted().size());
        reactor.advance(0.001);
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1"), attempted());
        reactor.advance(0.25);
        assertEquals(3, attempted().size());
        assertEquals(10.0, reactor.tcpClients().get(2).timeoutSeconds());
        assertNoResult(d);
        assertTrue(reactor.getDelayedCalls().isEmpty(), "no timer after the last address");
    }

    @Test
    void firstSuccessWinsAndTheOthersAreStopped() {
        Factory<EndpointsTest.Recorder> factory = Factory.forProtocol(EndpointsTest.Recorder::new);
        Deferred<EndpointsTest.Recorder> d = endpoint.connect(factory);
        answer.callback(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3")));
        reactor.advance(0.25);
        assertEquals(2, attempted().size());
        reactor.tcpClients().get(1).completeWith(new EndpointsTest.Recorder());
        EndpointsTest.Recorder p = successResultOf(d);
        assertTrue(p.isConnected());
        assertEquals(TcpClient.State.FAILED, reactor.tcpClients().get(0).state());
        assertEquals(1, factory.getNumPorts());
        reactor.advance(10);
        assertEquals(2, attempted().size(), "no attempt after the winner");
    }

    @Test
    void aFailureStartsTheNextAttemptAtOnce() {
        Deferred<EndpointsTest.Recorder> d = connect("192.0.2.1", "192.0.2.2");
        reactor.tcpClients().get(0).fail(new ConnectionRefusedError("refused"));
        assertEquals(2, attempted().size());
        assertTrue(reactor.getDelayedCalls().isEmpty());
        reactor.tcpClients().get(1).completeWith(new EndpointsTest.Recorder());
        successResultOf(d);
    }

    @Test
    void allFailingFailsWithTheLastError() {
        Deferred<EndpointsTest.Recorder> d = connect("192.0.2.1", "2001:db8::1");
        reactor.advance(0.25);
        reactor.tcpClients().get(1).fail(new NoRouteError("no route"));
        assertNoResult(d);
        reactor.tcpClients().get(0).fail(new ConnectionRefusedError("refused"));
        failureResultOf(d, ConnectionRefusedError.class);
    }

    @Test
    void lookupFailureAndEmptyAnswerAreDNSLookupErrors() {
        Deferred<EndpointsTest.Recorder> d = endpoint.connect(Factory.forProtocol(EndpointsTest.Recorder::new));
        answer.errback(new UnknownHostException("example.com"));
        assertTrue(failureResultOf(d, DNSLookupError.class).getErrorMessage().contains("example.com"));
        answer = new Deferred<>();
        failureResultOf(connect(), DNSLookupError.class);
        assertTrue(attempted().isEmpty());
    }

    @Test
    void cancelStopsLookupAndAttempts() {
        Deferred<EndpointsTest.Recorder> d = endpoint.connect(Factory.forProtocol(EndpointsTest.Recorder::new));
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertTrue(answer.isCalled(), "the lookup was cancelled");

        answer = new Deferred<>();
        Deferred<EndpointsTest.Recorder> d2 = connect("192.0.2.1", "192.0.2.2");
        d2.cancel();
        failureResultOf(d2, CancelledError.class);
        assertEquals(TcpClient.State.FAILED, reactor.tcpClients().get(0).state());
        reactor.advance(1);
        assertEquals(1, attempted().size());
    }

    @Test
    void literalAddressesAreNotLookedUp() {
        HostnameEndpoint literal = new HostnameEndpoint(reactor, reactor, host -> {
            throw new AssertionError("looked up " + host);
        }, "::1", 80, 10);
        literal.connect(Factory.forProtocol(EndpointsTest.Recorder::new));
        assertEquals(List.of("0:0:0:0:0:0:0:1"), attempted());
    }
}
