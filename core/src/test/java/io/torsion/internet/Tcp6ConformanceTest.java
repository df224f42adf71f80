package io.torsion.internet;

/** The transport conformance suite over real TCP sockets on ::1. */
class Tcp6ConformanceTest extends TransportConformance {
    @Override
    TransportHarness newHarness() {
        return new TransportHarness.OverTcp("::1");
    }
}
