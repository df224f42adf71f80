package io.torsion.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.CannotListenError;
import io.torsion.internet.Factory;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Protocol;
import io.torsion.internet.SelectorReactor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Endpoints over real loopback sockets; every wait is bounded. */
@Timeout(60)
class EndpointsTcpTest {
    private final SelectorReactor reactor = new SelectorReactor();
    private Thread thread;

    @BeforeEach
    void start() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "endpoints-test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(30, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() throws Exception {
        reactor.callFromThread(reactor::stop);
        thread.join(30_000);
    }

    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    static final class Client extends Protocol {
        final CompletableFuture<String> echoed = new CompletableFuture<>();

        @Override
        public void connectionMade() {
            transport().write("ping".getBytes());
        }

        @Override
        public void dataReceived(byte[] data) {
            echoed.complete(new String(data));
            transport().loseConnection();
        }
    }

    private int listen(String description) throws Exception {
        ListeningPort port = reactor.blockingCallFromThreadDeferred(
                () -> Endpoints.serverFromString(reactor, description).listen(Factory.forProtocol(Echo::new)));
        return ((IPv4Address) port.getHost()).port();
    }

    @Test
    void describedServerAndClientTalk() throws Exception {
        int port = listen("tcp:0:interface=127.0.0.1");
        Client c = reactor.blockingCallFromThreadDeferred(() -> Endpoints.clientFromString(reactor,
                "tcp:host=127.0.0.1:port=" + port).connect(Factory.forProtocol(Client::new)));
        assertEquals("ping", c.echoed.get(30, TimeUnit.SECONDS));
    }

    @Test
    void hostnameEndpointReachesLocalhost() throws Exception {
        int port = listen("tcp:0:interface=127.0.0.1");
        Client c = reactor.blockingCallFromThreadDeferred(
                () -> new HostnameEndpoint(reactor, "localhost", port).connect(Factory.forProtocol(Client::new)));
        assertEquals("ping", c.echoed.get(30, TimeUnit.SECONDS));
    }

    @Test
    void portInUseFailsTheListenDeferred() throws Exception {
        int port = listen("tcp:0:interface=127.0.0.1");
        Exception e = assertThrows(Exception.class, () -> listen("tcp:" + port + ":interface=127.0.0.1"));
        assertInstanceOf(CannotListenError.class, e);
    }

    @Test
    void refusedConnectionFailsTheConnectDeferred() throws Exception {
        ListeningPort[] holder = new ListeningPort[1];
        // a port that was just closed refuses connections
        int closed = reactor.blockingCallFromThreadDeferred(() -> Endpoints.serverFromString(reactor,
                "tcp:0:interface=127.0.0.1").listen(Factory.forProtocol(Echo::new)).addCallbackDeferred(p -> {
                    holder[0] = p;
                    return p.stopListening();
                }).addCallback(v -> ((IPv4Address) holder[0].getHost()).port()));
        Exception e = assertThrows(Exception.class, () -> reactor.blockingCallFromThreadDeferred(
                () -> new TCP4ClientEndpoint(reactor, "127.0.0.1", closed).connect(Factory.forProtocol(Client::new))));
        assertInstanceOf(io.torsion.internet.ConnectError.class, e);
    }
}
