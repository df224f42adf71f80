package io.torsion.internet;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Assumptions;

/** Helpers for Unix domain socket tests. */
final class Unix {
    private Unix() {
    }

    /** Skips the test, saying why, unless this system has Unix domain sockets. */
    static void assumeUnixSockets() {
        boolean available;
        String why = "";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            available = ch.isOpen();
        } catch (IOException | UnsupportedOperationException e) {
            available = false;
            why = ": " + e;
        }
        Assumptions.assumeTrue(available, "this system has no Unix domain sockets (AF_UNIX)" + why);
    }
}
