package io.torsion.bench;

import io.torsion.internet.SelectorReactor;
import io.torsion.web.Data;
import io.torsion.web.Site;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code Hello, World!} (13 bytes, text/plain) from memory with Torsion's {@link Site} on
 * one reactor, for the {@code http-hello} row of {@code bench/run}.
 *
 * <p>Usage: {@code HelloServer PORT}; listens on 127.0.0.1 and runs until killed. A plain main:
 * {@code mvn verify} compiles it and never runs it.
 *
 * <p>Threading: the reactor thread only, the main thread.
 */
public final class HelloServer {
    private HelloServer() {
    }

    /**
     * Listens on 127.0.0.1:PORT and runs the reactor until the process is killed.
     *
     * @param args the port
     */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        SelectorReactor reactor = new SelectorReactor();
        Data hello = new Data("Hello, World!".getBytes(StandardCharsets.US_ASCII), "text/plain");
        reactor.listenTCP(port, new Site(hello, reactor), "127.0.0.1");
        System.out.println("HelloServer listening on 127.0.0.1:" + port);
        reactor.run();
    }
}
