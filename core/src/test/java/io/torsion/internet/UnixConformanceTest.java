package io.torsion.internet;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The transport conformance suite over real Unix domain sockets; skipped where there are none. */
class UnixConformanceTest extends TransportConformance {
    @TempDir
    Path directory;

    @BeforeAll
    static void needUnixSockets() {
        Unix.assumeUnixSockets();
    }

    @Override
    TransportHarness newHarness() {
        return new TransportHarness.OverUnix(directory);
    }
}
