package io.torsion.web.client;

import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionDone;
import io.torsion.task.Clock;
import io.torsion.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool on StringTransports and a Clock: reuse, the per-host idle limit, the idle timeout. */
class HttpConnectionPoolTest {
    final Clock clock = new Clock();
    final HttpConnectionPool pool = new HttpConnectionPool(clock, true);
    final HttpConnectionPool.Key key = new HttpConnectionPool.Key("http", "h", 80);
    final List<StringTransport> transports = new ArrayList<>();

    Deferred<HttpClientProtocol> fresh() {
        HttpClientProtocol p = new HttpClientProtocol(clock, 0);
        transports.add(StringTransport.connect(p));
        return Deferred.succeed(p);
    }

    HttpClientProtocol get() {
        return successResultOf(pool.getConnection(key, this::fresh));
    }

    static void exchange(HttpClientProtocol p) throws Exception {
        Deferred<Response> d = p.request(ClientRequest.create("GET", "http://h/", null, null), true);
        p.dataReceived("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx".getBytes(StandardCharsets.US_ASCII));
        successResultOf(successResultOf(d).readBody());
    }

    @Test
    void finishedConnectionIsReused() throws Exception {
        HttpClientProtocol first = get();
        exchange(first);
        assertEquals(1, pool.idleConnectionCount());
        assertSame(first, get());
        assertEquals(0, pool.idleConnectionCount());
        assertEquals(1, transports.size());
    }

    @Test
    void idleConnectionsBeyondTheLimitAreClosed() throws Exception {
        pool.setMaxPersistentPerHost(2);
        HttpClientProtocol a = get();
        HttpClientProtocol b = get();
        HttpClientProtocol c = get();
        exchange(a);
        exchange(b);
        exchange(c);
        assertEquals(2, pool.idleConnectionCount());
        assertFalse(transports.get(0).isDisconnecting());
        assertFalse(transports.get(1).isDisconnecting());
        assertTrue(transports.get(2).isDisconnecting());
    }

    @Test
    void idleConnectionIsClosedAfterTheTimeout() throws Exception {
        pool.setCachedConnectionTimeout(Duration.ofSeconds(10));
        exchange(get());
        clock.advance(9.9);
        assertEquals(1, pool.idleConnectionCount());
        clock.advance(0.2);
        assertEquals(0, pool.idleConnectionCount());
        assertTrue(transports.get(0).isDisconnecting());
    }

    @Test
    void connectionClosedByTheServerLeavesThePool() throws Exception {
        HttpClientProtocol p = get();
        exchange(p);
        p.connectionLost(new Failure(new ConnectionDone("server closed")));
        assertEquals(0, pool.idleConnectionCount());
        assertTrue(clock.getDelayedCalls().isEmpty(), "the idle timer is cancelled");
        HttpClientProtocol next = get();
        assertEquals(2, transports.size());
        assertEquals(HttpClientProtocol.State.IDLE, next.state());
    }

    @Test
    void nonPersistentPoolKeepsNothing() throws Exception {
        HttpConnectionPool once = new HttpConnectionPool(clock, false);
        HttpClientProtocol p = successResultOf(once.getConnection(key, this::fresh));
        Deferred<Response> d = p.request(ClientRequest.create("GET", "http://h/", null, null), false);
        p.dataReceived("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        successResultOf(d);
        assertEquals(0, once.idleConnectionCount());
        assertTrue(transports.get(0).isDisconnecting());
        assertTrue(transports.get(0).valueAsString().contains("Connection: close\r\n"));
    }

    @Test
    void closeCachedConnectionsFiresWhenAllHaveClosed() throws Exception {
        HttpClientProtocol p = get();
        exchange(p);
        Deferred<Void> closed = pool.closeCachedConnections();
        assertTrue(transports.get(0).isDisconnecting());
        assertFalse(closed.isCalled());
        p.connectionLost(new Failure(new ConnectionDone("closed")));
        successResultOf(closed);
    }
}
