package io.torsion.bench;

import io.torsion.internet.ReactorGroup;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.ReactorTCP;
import io.torsion.internet.SelectorReactor;
import io.torsion.web.Data;
import io.torsion.web.Site;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code Hello, World!} (13 bytes, text/plain) from memory with Torsion's {@link Site} on
 * one reactor, for the {@code http-hello} row of {@code bench/run}, or on a {@link ReactorGroup}
 * of THREADS reactors for its {@code http-hello-2t} row.
 *
 * <p>Usage: {@code HelloServer PORT [THREADS]}; listens on 127.0.0.1 and runs until killed.
 * THREADS defaults to 1: one reactor on the main thread. A plain main: {@code mvn verify}
 * compiles it and never runs it.
 *
 * <p>Threading: with 1 thread, the reactor thread only, the main thread; with more, each
 * reactor's {@code Site} and connections on that reactor's thread, while the main thread waits.
 */
public final class HelloServer {
    private HelloServer() {
    }

    /**
     * Listens on 127.0.0.1:PORT and runs the reactor, or the group of reactors, until the process
     * is killed.
     *
     * @param args the port, then optionally the number of reactor threads
     * @throws InterruptedException if the main thread is interrupted while the group runs
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (threads > 1) {
            ReactorGroup group = new ReactorGroup(threads, ReactorOptions.defaults());
            group.start();
            group.listenTCP(port, reactor -> new Site(hello(), reactor), ReactorTCP.DEFAULT_BACKLOG, "127.0.0.1");
            System.out.println("HelloServer listening on 127.0.0.1:" + port + " with " + threads + " reactors");
            Thread.currentThread().join(); // the group's threads serve until the process is killed
            return;
        }
        SelectorReactor reactor = new SelectorReactor();
        reactor.listenTCP(port, new Site(hello(), reactor), "127.0.0.1");
        System.out.println("HelloServer listening on 127.0.0.1:" + port);
        reactor.run();
    }

    private static Data hello() {
        return new Data("Hello, World!".getBytes(StandardCharsets.US_ASCII), "text/plain");
    }
}
