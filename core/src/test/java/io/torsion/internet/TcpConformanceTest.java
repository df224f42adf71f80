package io.torsion.internet;

/** The transport conformance suite over real TCP sockets on 127.0.0.1. */
class TcpConformanceTest extends TransportConformance {
    @Override
    TransportHarness newHarness() {
        return new TransportHarness.OverTcp("127.0.0.1");
    }
}
