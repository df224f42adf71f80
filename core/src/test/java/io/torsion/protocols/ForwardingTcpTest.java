package io.torsion.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.IPv4Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Protocol;
import io.torsion.internet.SelectorReactor;
import io.torsion.internet.ServerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ProxyFactory and FileSender (thread-pool reads) over real loopback sockets; waits are bounded. */
@Timeout(60)
class ForwardingTcpTest {
    private final SelectorReactor reactor = new SelectorReactor();
    private Thread thread;

    @BeforeEach
    void start() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "forwarding-test-reactor");
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

    private int listen(ServerFactory<?> factory) throws Exception {
        ListeningPort port = reactor.blockingCallFromThread(() -> reactor.listenTCP(0, factory, "127.0.0.1"));
        return ((IPv4Address) port.getHost()).port();
    }

    @Test
    void proxiesAMegabyteBothWays() throws Exception {
        int echo = listen(ServerFactory.forProtocol(Echo::new));
        int proxy = listen(new ProxyFactory(reactor, "127.0.0.1", echo));
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        try (Socket s = new Socket("127.0.0.1", proxy)) {
            s.setSoTimeout(30_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(data);
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            byte[] back = s.getInputStream().readNBytes(data.length);
            writer.join(30_000);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void fileSenderReadsInThePool(@TempDir Path dir) throws Exception {
        byte[] data = new byte[300_000];
        new Random(4).nextBytes(data);
        Path file = dir.resolve("f.bin");
        Files.write(file, data);
        int port = listen(ServerFactory.forProtocol(() -> new Protocol() {
            @Override
            public void connectionMade() {
                try {
                    new FileSender(reactor).beginFileTransfer(file, transport())
                            .addCallback(last -> {
                                transport().loseConnection();
                                return null;
                            });
                } catch (java.io.IOException e) {
                    transport().abortConnection();
                }
            }
        }));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            assertArrayEquals(data, in.readAllBytes());
        }
    }
}
