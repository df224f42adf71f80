package io.torsion.testing;

import io.torsion.internet.Address;
import io.torsion.internet.Consumer;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.PullProducer;
import io.torsion.internet.PushProducer;
import io.torsion.internet.SSLTransport;
import io.torsion.internet.TLSTransport;
import io.torsion.internet.TlsOptions;
import io.torsion.internet.Transport;
import io.torsion.protocols.TlsProtocol;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * One end of a {@link Loopback}: the transport its protocol writes to, whose bytes the pump
 * carries to the other end (Twisted's {@code iosim.FakeTransport}).
 *
 * <p>It behaves like a TCP transport, only in memory: writes queue until the pump moves them;
 * {@code loseConnection} closes after the queue has been delivered and the producer unregistered;
 * {@code abortConnection} drops the queue; {@code pauseProducing} stops delivery to this end's
 * protocol (the peer's bytes wait in the peer's queue); a registered streaming producer is paused
 * when the queue passes the high-water mark and resumed when it drains to the low-water mark; a
 * non-streaming producer is asked for more whenever the queue is empty. {@code stopProducing}
 * loses the connection, as Twisted's transports do. {@link #startTLS} works as over TCP: the
 * protocol at this end becomes a {@link TlsProtocol} around the original one.
 *
 * <p>Threading: not thread-safe; use it from the test's thread.
 */
public final class LoopbackTransport implements TLSTransport {
    /** Where the connection stands, from this end. */
    public enum State {
        /** Open in both directions (or only this end's write half closed, see {@link #isWriteClosed()}). */
        CONNECTED,
        /** {@code loseConnection} was called; closes once the queue is delivered. */
        DISCONNECTING,
        /** {@code abortConnection} was called; closes at the next pump. */
        ABORTING,
        /** Closed; {@code connectionLost} has run. */
        DISCONNECTED
    }

    private enum WriteHalf { OPEN, CLOSING, CLOSED }

    private Protocol protocol;
    private final Address host;
    private final Address peer;
    private final Loopback.FlowControl flow;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private State state = State.CONNECTED;
    private WriteHalf writeHalf = WriteHalf.OPEN;
    private boolean readClosed;
    private StringTransport.ProducerState readState = StringTransport.ProducerState.PRODUCING;
    private Producer producer;
    private boolean streaming;
    private boolean producerPaused;
    private boolean tcpNoDelay;
    private boolean tcpKeepAlive;

    LoopbackTransport(Protocol protocol, Address host, Address peer, Loopback.FlowControl flow) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.host = host;
        this.peer = peer;
        this.flow = flow;
    }

    /**
     * Returns the protocol at this end: the one connected, or after {@link #startTLS} the
     * {@link TlsProtocol} around it.
     *
     * @return the protocol
     */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * Returns where the connection stands from this end.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Returns how many bytes this end wrote that the pump has not delivered yet.
     *
     * @return the queued byte count
     */
    public long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Tells whether this end's writing half has closed after {@code loseWriteConnection}.
     *
     * @return true once the peer has been told of end-of-input
     */
    public boolean isWriteClosed() {
        return writeHalf == WriteHalf.CLOSED;
    }

    /**
     * Tells whether this end's registered streaming producer is currently paused by flow control.
     *
     * @return true while paused for a full queue
     */
    public boolean isProducerPaused() {
        return producerPaused;
    }

    private void rawWrite(byte[] data) {
        if (state == State.DISCONNECTED || state == State.ABORTING || writeHalf != WriteHalf.OPEN
                || data.length == 0) {
            return; // as Twisted: writes after the connection (or its write half) closed are dropped
        }
        queue.add(data);
        queuedBytes += data.length;
        if (producer != null && streaming && !producerPaused && queuedBytes > flow.highWaterMark()) {
            producerPaused = true;
            ((PushProducer) producer).pauseProducing();
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        data.forEach(this::write);
    }

    private void rawLoseConnection() {
        if (state == State.CONNECTED) {
            state = State.DISCONNECTING;
        }
    }

    private void rawAbortConnection() {
        if (state == State.CONNECTED || state == State.DISCONNECTING) {
            state = State.ABORTING;
            queue.clear(); // dropped at once: not even the next pump delivers them
            queuedBytes = 0;
        }
    }

    @Override
    public void loseWriteConnection() {
        if (tls != null) {
            throw new IllegalStateException("half-close is not supported once TLS has started");
        }
        if (writeHalf == WriteHalf.OPEN) {
            writeHalf = WriteHalf.CLOSING;
        }
    }

    private boolean rawIsDisconnecting() {
        return state != State.CONNECTED;
    }

    @Override
    public Address getPeer() {
        return peer;
    }

    @Override
    public Address getHost() {
        return host;
    }

    private void rawRegisterProducer(Producer newProducer, boolean isStreaming) {
        Consumer.checkProducerKind(newProducer, isStreaming);
        if (producer != null) {
            throw new IllegalStateException("cannot register two producers: " + producer + " is registered");
        }
        if (state == State.DISCONNECTED) {
            newProducer.stopProducing();
            return;
        }
        producer = newProducer;
        streaming = isStreaming;
        producerPaused = false;
        if (!isStreaming) {
            ((PullProducer) newProducer).resumeProducing();
        }
    }

    private void rawUnregisterProducer() {
        if (producer == null) {
            throw new IllegalStateException("cannot unregister a producer unless one is registered");
        }
        producer = null;
        producerPaused = false;
    }

    /** Stops delivering received bytes to this end's protocol until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        if (readState == StringTransport.ProducerState.PRODUCING) {
            readState = StringTransport.ProducerState.PAUSED;
        }
    }

    /** Delivers received bytes again, from the next pump. */
    @Override
    public void resumeProducing() {
        if (readState == StringTransport.ProducerState.PAUSED) {
            readState = StringTransport.ProducerState.PRODUCING;
        }
    }

    /** Stops for good: loses the connection, as Twisted's transports do. */
    @Override
    public void stopProducing() {
        readState = StringTransport.ProducerState.STOPPED;
        loseConnection();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcpKeepAlive = enabled;
    }

    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    // ---- TLS (startTLS): after it, the user's calls go to the TLS view, and the TLS layer
    // writes ciphertext through Raw.

    private TlsProtocol tls;

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if TLS was started already or the connection is closing
     */
    @Override
    public SSLTransport startTLS(TlsOptions options) {
        if (tls != null) {
            throw new IllegalStateException("startTLS was called already");
        }
        if (state != State.CONNECTED) {
            throw new IllegalStateException("startTLS on a connection in state " + state);
        }
        TlsProtocol wrapper = TlsProtocol.adopting(options.newEngine(options.newContext()), protocol);
        tls = wrapper;
        protocol = wrapper;
        wrapper.makeConnection(new Raw());
        return wrapper.sslTransport();
    }

    @Override
    public void write(byte[] data) {
        if (tls != null) {
            tls.sslTransport().write(data);
        } else {
            rawWrite(data);
        }
    }

    @Override
    public void loseConnection() {
        if (tls != null) {
            tls.sslTransport().loseConnection();
        } else {
            rawLoseConnection();
        }
    }

    @Override
    public void abortConnection() {
        if (tls != null) {
            tls.sslTransport().abortConnection();
        } else {
            rawAbortConnection();
        }
    }

    @Override
    public boolean isDisconnecting() {
        return tls != null ? tls.sslTransport().isDisconnecting() : rawIsDisconnecting();
    }

    /**
     * {@inheritDoc} A non-streaming producer is asked for data at once; on a closed connection the
     * producer is stopped at once instead, as in Twisted.
     *
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code isStreaming} does not match the producer's kind
     */
    @Override
    public void registerProducer(Producer newProducer, boolean isStreaming) {
        if (tls != null) {
            tls.sslTransport().registerProducer(newProducer, isStreaming);
        } else {
            rawRegisterProducer(newProducer, isStreaming);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if no producer is registered
     */
    @Override
    public void unregisterProducer() {
        if (tls != null) {
            tls.sslTransport().unregisterProducer();
        } else {
            rawUnregisterProducer();
        }
    }

    /** The ciphertext side of this end, for the TLS layer. */
    private final class Raw implements Transport {
        @Override
        public void write(byte[] data) {
            rawWrite(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            data.forEach(LoopbackTransport.this::rawWrite);
        }

        @Override
        public void loseConnection() {
            rawLoseConnection();
        }

        @Override
        public void abortConnection() {
            rawAbortConnection();
        }

        @Override
        public boolean isDisconnecting() {
            return rawIsDisconnecting();
        }

        @Override
        public Address getPeer() {
            return peer;
        }

        @Override
        public Address getHost() {
            return host;
        }

        @Override
        public void registerProducer(Producer p, boolean isStreaming) {
            rawRegisterProducer(p, isStreaming);
        }

        @Override
        public void unregisterProducer() {
            rawUnregisterProducer();
        }

        @Override
        public void pauseProducing() {
            LoopbackTransport.this.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            LoopbackTransport.this.resumeProducing();
        }

        @Override
        public void stopProducing() {
            rawLoseConnection();
        }
    }

    // ---- used by Loopback ----

    boolean accepts() {
        return state == State.CONNECTED && readState == StringTransport.ProducerState.PRODUCING && !readClosed;
    }

    boolean isOpen() {
        return state != State.DISCONNECTED;
    }

    boolean isAborting() {
        return state == State.ABORTING;
    }

    /** True when a requested close may happen: queue delivered and no producer holding it open. */
    boolean readyToClose() {
        return state == State.DISCONNECTING && queue.isEmpty() && producer == null;
    }

    boolean readyToCloseWriteHalf() {
        return writeHalf == WriteHalf.CLOSING && queue.isEmpty() && state == State.CONNECTED;
    }

    void markWriteClosed() {
        writeHalf = WriteHalf.CLOSED;
    }

    boolean isReadClosed() {
        return readClosed;
    }

    void markReadClosed() {
        readClosed = true;
    }

    /** Takes the whole queue as one chunk, resuming a producer paused for a full queue. */
    byte[] drain() {
        byte[] chunk = new byte[(int) queuedBytes];
        int at = 0;
        for (byte[] piece : queue) {
            System.arraycopy(piece, 0, chunk, at, piece.length);
            at += piece.length;
        }
        queue.clear();
        queuedBytes = 0;
        if (producer != null && streaming && producerPaused && queuedBytes <= flow.lowWaterMark()) {
            producerPaused = false;
            ((PushProducer) producer).resumeProducing();
        }
        return chunk;
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Asks a pull producer for more when the queue is empty; true if that queued something. */
    boolean pull() {
        if (producer instanceof PullProducer pull && !streaming && queue.isEmpty() && state == State.CONNECTED) {
            Producer before = producer;
            pull.resumeProducing();
            return !queue.isEmpty() || producer != before;
        }
        return false;
    }

    /** Closes this end: drops the queue, stops the producer, then tells the protocol. */
    void close(io.torsion.defer.Failure reason) {
        state = State.DISCONNECTED;
        queue.clear();
        queuedBytes = 0;
        if (producer != null) {
            Producer stopping = producer;
            producer = null;
            stopping.stopProducing();
        }
        protocol.connectionLost(reason);
    }
}
