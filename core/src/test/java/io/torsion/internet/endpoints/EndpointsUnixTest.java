package io.torsion.internet.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.Factory;
import io.torsion.internet.SelectorReactor;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** unix: descriptions over real Unix domain sockets; every wait is bounded. */
@Timeout(60)
class EndpointsUnixTest {
    private final SelectorReactor reactor = new SelectorReactor();
    private Thread thread;

    @BeforeEach
    void start() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "endpoints-unix-test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(30, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() throws Exception {
        reactor.callFromThread(reactor::stop);
        thread.join(30_000);
    }

    @Test
    void describedUnixServerAndClientTalk(@TempDir Path dir) throws Exception {
        String path = dir.resolve("echo.sock").toString().replace(":", "\\:").replace("=", "\\=");
        reactor.blockingCallFromThreadDeferred(() -> Endpoints.serverFromString(reactor, "unix:" + path + ":lockfile=0")
                .listen(Factory.forProtocol(EndpointsTcpTest.Echo::new)));
        EndpointsTcpTest.Client c = reactor.blockingCallFromThreadDeferred(() -> Endpoints.clientFromString(reactor,
                "unix:path=" + path + ":timeout=10").connect(Factory.forProtocol(EndpointsTcpTest.Client::new)));
        assertEquals("ping", c.echoed.get(30, TimeUnit.SECONDS));
    }
}
