package io.torsion.internet;

/** The transport conformance suite over TLS over real TCP ({@code listenSSL} / {@code connectSSL}). */
class SslConformanceTest extends TlsConformance {
    @Override
    TransportHarness newHarness() {
        return new OverSsl();
    }
}
