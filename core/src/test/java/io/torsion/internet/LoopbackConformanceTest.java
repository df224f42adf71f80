package io.torsion.internet;

/** The transport conformance suite over the in-memory {@link io.torsion.testing.Loopback}. */
class LoopbackConformanceTest extends TransportConformance {
    @Override
    TransportHarness newHarness() {
        return new TransportHarness.OverLoopback();
    }
}
