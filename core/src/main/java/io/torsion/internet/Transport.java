package io.torsion.internet;

import java.util.List;

/**
 * Carries one connection's bytes for its {@link Protocol}: write to the peer, close, and say who
 * is at either end (Twisted's {@code ITransport}). A transport is also a {@link Consumer} (a
 * producer can feed it) and a {@link PushProducer} (pausing it stops delivery of received data).
 *
 * <p>Lifecycle: 1. connected — writes are buffered and sent in order; 2. disconnecting — after
 * {@link #loseConnection()}, buffered data is still sent, then the connection closes and the
 * protocol's {@code connectionLost} runs with {@link ConnectionDone}; or after
 * {@link #abortConnection()}, buffered data is dropped and {@code connectionLost} runs with
 * {@link ConnectionAborted}; 3. disconnected.
 *
 * <p>Re-entrancy: every method may be called from inside the protocol's {@code dataReceived};
 * after {@code loseConnection} there, the transport delivers no more received data.
 *
 * <p>Threading: reactor thread only.
 */
public interface Transport extends Consumer, PushProducer {
    /**
     * Queues bytes to be sent, in order, after everything written before. It never blocks; the
     * transport takes the array over, so do not change it afterwards.
     *
     * @param data the bytes
     */
    @Override
    void write(byte[] data);

    /**
     * Queues several byte arrays to be sent one after the other, as if each were written in turn
     * (Twisted's {@code writeSequence}); a transport may send them in one gathering write.
     *
     * @param data the arrays, in order
     */
    void writeSequence(List<byte[]> data);

    /**
     * Closes the connection after sending everything written so far. A transport with a producer
     * registered closes only after the producer is unregistered. Calling it again does nothing.
     */
    void loseConnection();

    /**
     * Closes the connection at once, dropping data not yet sent; the protocol's
     * {@code connectionLost} receives {@link ConnectionAborted}.
     */
    void abortConnection();

    /**
     * Tells whether {@link #loseConnection()} or {@link #abortConnection()} has been called
     * (Twisted's {@code disconnecting} attribute). Line protocols stop delivering lines once it is
     * true.
     *
     * @return true from the moment the connection started to close
     */
    boolean isDisconnecting();

    /**
     * Returns the address of the other end.
     *
     * @return the peer's address
     */
    Address getPeer();

    /**
     * Returns the address of this end.
     *
     * @return the local address
     */
    Address getHost();
}
