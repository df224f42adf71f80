package io.torsion.internet;

/** The transport conformance suite over TLS over the in-memory loopback. */
class TlsLoopbackConformanceTest extends TlsConformance {
    @Override
    TransportHarness newHarness() {
        return new OverTlsLoopback();
    }
}
