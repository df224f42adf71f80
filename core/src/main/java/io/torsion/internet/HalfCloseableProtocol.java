package io.torsion.internet;

/**
 * Lets a {@link Protocol} hear about each half of a TCP connection closing separately (Twisted's
 * {@code IHalfCloseableProtocol}). A protocol implementing it keeps its connection open after the
 * peer stops sending; one that does not is disconnected at the peer's end-of-input.
 *
 * <p>When both halves have closed, the protocol's {@code connectionLost} follows as usual.
 *
 * <p>Threading: reactor thread only.
 */
public interface HalfCloseableProtocol {
    /** Reports that the peer will send nothing more; this side may still write. */
    void readConnectionLost();

    /**
     * Reports that this side's writing half closed, after {@link TcpTransport#loseWriteConnection()}
     * (or because the peer stopped reading); this side may still receive.
     */
    void writeConnectionLost();
}
