package io.torsion.internet.internal;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ConnectionAborted;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionLost;
import io.torsion.internet.Consumer;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.PullProducer;
import io.torsion.internet.PushProducer;
import io.torsion.internet.ReactorThreadCheck;
import io.torsion.internet.SSLTransport;
import io.torsion.internet.TLSTransport;
import io.torsion.internet.TlsOptions;
import io.torsion.internet.Transport;
import io.torsion.protocols.TlsProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The transport of one stream connection (TCP or Unix domain socket) over a non-blocking
 * {@link SocketChannel} (Twisted's
 * {@code tcp.Connection} with {@code abstract.FileDescriptor}).
 *
 * <p>Lifecycle, enforced by {@link State}:
 * <ol>
 *   <li>{@code CONNECTED}: reads go to {@code dataReceived}; writes are queued and sent at the end
 *       of the loop turn;</li>
 *   <li>{@code DISCONNECTING} after {@code loseConnection}: no more reads; once the queue is sent
 *       and no producer is registered, the socket closes and the protocol gets
 *       {@link ConnectionDone};</li>
 *   <li>{@code ABORTED} after {@code abortConnection}: the socket is reset at once, the queue
 *       dropped; at the end of the turn the protocol gets {@link ConnectionAborted};</li>
 *   <li>{@code DISCONNECTED}: {@code connectionLost} has run.</li>
 * </ol>
 *
 * <p>Read path: each read goes into the reactor's shared direct buffer of
 * {@link TcpContext#READ_BUFFER_SIZE} bytes and is copied into a fresh array for the protocol. A
 * read that fills the buffer is followed by another in the same selector pass, up to
 * {@link TcpContext#READS_PER_PASS} reads, unless the protocol paused reading or closed the
 * connection: a bulk transfer then takes fewer turns and fewer, larger writes, and one busy
 * connection still cannot starve the others. Write
 * path: {@code write} only queues the caller's array and asks for a flush at the end of the turn;
 * the flush copies the queue into the shared direct buffer and sends it with one write call (more
 * only for queues above {@link TcpContext#WRITE_CHUNK_SIZE}); what the socket does not take waits
 * for {@code OP_WRITE}.
 *
 * <p>Flow control: a registered streaming producer is paused when the queue passes the high-water
 * mark and resumed when it drains to the low-water mark; a pull producer is asked for more when the
 * queue is empty. {@code pauseProducing} stops reading the socket.
 *
 * <p>Threading: reactor thread only; public methods assert it.
 */
public final class TcpConnection implements TLSTransport, ChannelHandler, TcpResource {
    private enum State { CONNECTED, DISCONNECTING, ABORTED, DISCONNECTED }

    private enum WriteHalf { OPEN, CLOSING, CLOSED }

    private final TcpContext ctx;
    private final SocketChannel channel;
    private final Address host;
    private final Address peer;
    private final BiConsumer<TcpConnection, Failure> onLost;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final Runnable flushTask = this::flushAtEndOfTurn;
    private final int highWaterMark;
    private final int lowWaterMark;
    private Protocol protocol;
    private SelectionKey key;
    private long queuedBytes;
    private State state = State.CONNECTED;
    private WriteHalf writeHalf = WriteHalf.OPEN;
    private boolean readClosed;
    private boolean readPaused;
    private boolean flushQueued;
    private Producer producer;
    private boolean streaming;
    private boolean producerPaused;

    /**
     * Wraps a connected channel; nothing happens until {@link #start(Protocol)}.
     *
     * @param ctx the reactor's TCP context
     * @param channel the connected channel
     * @param onLost called after the protocol's {@code connectionLost}, for the port or connector
     * @throws IOException if the channel's addresses cannot be read (it closed already)
     */
    public TcpConnection(TcpContext ctx, SocketChannel channel, BiConsumer<TcpConnection, Failure> onLost)
            throws IOException {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.onLost = Objects.requireNonNull(onLost, "onLost");
        this.host = InetAddresses.toAddress(channel.getLocalAddress());
        this.peer = InetAddresses.toAddress(channel.getRemoteAddress());
        this.highWaterMark = ctx.highWaterMark();
        this.lowWaterMark = ctx.lowWaterMark();
    }

    /**
     * Registers the channel for reading and connects {@code p} to this transport; what
     * {@code makeConnection} throws is logged and closes the connection.
     *
     * @param p the connection's protocol
     * @throws IOException if the channel cannot be registered
     */
    public void start(Protocol p) throws IOException {
        this.protocol = Objects.requireNonNull(p, "protocol");
        key = ctx.loop().register(channel, SelectionKey.OP_READ, this);
        ctx.remember(this);
        try {
            p.makeConnection(this);
        } catch (Throwable t) {
            ctx.logError("connectionMade of", p, t);
            closeNow(new ConnectionLost("connectionMade raised " + t, t));
        }
    }

    /**
     * Closes a channel that never got a protocol, for example when {@code buildProtocol} failed.
     */
    public void discard() {
        closeChannel(false);
    }

    // ------------------------------------------------------------------ events from the loop

    @Override
    public void channelReady(SelectionKey k) throws Exception {
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0 && isOpen()) {
            flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            // A full buffer means the socket may hold more: read again, up to a bound that keeps
            // one busy connection from starving the others in this pass.
            for (int reads = 1; wantsRead(); reads++) {
                boolean filled = doRead();
                if (!filled || reads == TcpContext.READS_PER_PASS) {
                    break;
                }
            }
        }
    }

    @Override
    public void channelFailed(SelectionKey k, Throwable error) {
        // A protocol callback threw: the loop has logged it; close as Twisted does.
        closeNow(new ConnectionLost(protocolName() + " raised " + error, error));
    }

    /** Reads once and delivers what came; true if it filled the buffer (more may be waiting). */
    private boolean doRead() {
        ByteBuffer buf = ctx.readBuffer();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            closeNow(new ConnectionLost("Connection to the other side was lost: " + e.getMessage(), e));
            return false;
        }
        if (n > 0) {
            byte[] data = new byte[n];
            buf.flip();
            buf.get(data);
            protocol.dataReceived(data);
            return n == buf.capacity();
        }
        if (n < 0) {
            readEnded();
        }
        return false;
    }

    private void readEnded() {
        if (!(protocol instanceof HalfCloseableProtocol half)) {
            closeNow(new ConnectionDone("Connection was closed cleanly."));
            return;
        }
        readClosed = true;
        updateInterest();
        half.readConnectionLost();
        if (writeHalf == WriteHalf.CLOSED && isOpen()) {
            closeNow(new ConnectionDone("Connection was closed cleanly: both halves are closed."));
        }
    }

    // ------------------------------------------------------------------ writing

    private void rawWrite(byte[] data) {
        assert ReactorThreadCheck.check(ctx.reactor(), "write");
        Objects.requireNonNull(data, "data");
        if (!isOpen() || writeHalf == WriteHalf.CLOSED || data.length == 0) {
            return; // as Twisted: writes after the connection (or its write half) closed are dropped
        }
        queue.add(ByteBuffer.wrap(data));
        queuedBytes += data.length;
        if (producer != null && streaming && !producerPaused && queuedBytes > highWaterMark) {
            producerPaused = true;
            ((PushProducer) producer).pauseProducing();
        }
        scheduleFlush();
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        assert ReactorThreadCheck.check(ctx.reactor(), "writeSequence");
        for (byte[] d : data) {
            write(d);
        }
    }

    private void scheduleFlush() {
        if (!flushQueued) {
            flushQueued = true;
            ctx.loop().flushAtEndOfTurn(flushTask);
        }
    }

    private void flushAtEndOfTurn() {
        flushQueued = false;
        if (!isOpen()) {
            return;
        }
        try {
            flush();
        } catch (Throwable t) {
            // A producer or half-close callback threw: the transport's own dispatch boundary.
            ctx.logError("a callback of", this, t);
            closeNow(new ConnectionLost(protocolName() + " raised " + t, t));
        }
    }

    /** Sends what the socket takes, then runs what an emptied queue allows: pull, close, half-close. */
    private void flush() {
        if (!queue.isEmpty() && !writeQueued()) {
            return;
        }
        if (producer != null && streaming && producerPaused && queuedBytes <= lowWaterMark) {
            producerPaused = false;
            ((PushProducer) producer).resumeProducing();
            if (!isOpen()) {
                return;
            }
        }
        if (!queue.isEmpty()) {
            setWriteInterest(true);
            return;
        }
        setWriteInterest(false);
        if (producer != null && !streaming) {
            ((PullProducer) producer).resumeProducing();
        } else if (state == State.DISCONNECTING) {
            if (producer == null) {
                closeNow(new ConnectionDone("Connection was closed cleanly."));
            }
        } else if (writeHalf == WriteHalf.CLOSING) {
            closeWriteHalf();
        }
    }

    /** Writes from the queue; false if the connection was lost doing so. */
    private boolean writeQueued() {
        ByteBuffer out = ctx.writeBuffer();
        long budget = TcpContext.MAX_BYTES_PER_FLUSH;
        while (!queue.isEmpty() && budget > 0) {
            out.clear();
            for (ByteBuffer b : queue) {
                int n = Math.min(b.remaining(), out.remaining());
                out.put(out.position(), b, b.position(), n);
                out.position(out.position() + n);
                if (!out.hasRemaining()) {
                    break;
                }
            }
            out.flip();
            int copied = out.remaining();
            int written;
            try {
                written = channel.write(out);
            } catch (IOException e) {
                closeNow(new ConnectionLost("Connection to the other side was lost: " + e.getMessage(), e));
                return false;
            }
            consume(written);
            budget -= written;
            if (written < copied) {
                break; // the socket is full: wait for OP_WRITE
            }
        }
        return true;
    }

    private void consume(int written) {
        queuedBytes -= written;
        int left = written;
        while (left > 0) {
            ByteBuffer head = queue.peek();
            int n = Math.min(left, head.remaining());
            head.position(head.position() + n);
            left -= n;
            if (!head.hasRemaining()) {
                queue.poll();
            }
        }
    }

    private void closeWriteHalf() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            closeNow(new ConnectionLost("Could not shut down the writing half: " + e.getMessage(), e));
            return;
        }
        writeHalf = WriteHalf.CLOSED;
        if (protocol instanceof HalfCloseableProtocol half) {
            half.writeConnectionLost();
        }
        if (readClosed && isOpen()) {
            closeNow(new ConnectionDone("Connection was closed cleanly: both halves are closed."));
        }
    }

    // ------------------------------------------------------------------ closing

    private void rawLoseConnection() {
        assert ReactorThreadCheck.check(ctx.reactor(), "loseConnection");
        if (state != State.CONNECTED) {
            return;
        }
        state = State.DISCONNECTING;
        updateInterest();
        scheduleFlush();
    }

    @Override
    public void loseWriteConnection() {
        assert ReactorThreadCheck.check(ctx.reactor(), "loseWriteConnection");
        if (tls != null) {
            throw new IllegalStateException("half-close is not supported once TLS has started on " + this);
        }
        if (state != State.CONNECTED || writeHalf != WriteHalf.OPEN) {
            return;
        }
        writeHalf = WriteHalf.CLOSING;
        scheduleFlush();
    }

    private void rawAbortConnection() {
        assert ReactorThreadCheck.check(ctx.reactor(), "abortConnection");
        if (!isOpen()) {
            return;
        }
        state = State.ABORTED;
        closeChannel(true);
        // As Twisted, connectionLost does not run inside the caller (often dataReceived): at the
        // end of this turn.
        ctx.loop().flushAtEndOfTurn(() -> notifyLost(new ConnectionAborted("Connection was aborted locally.")));
    }

    @Override
    public void closeForShutdown() {
        if (state == State.ABORTED) {
            notifyLost(new ConnectionAborted("Connection was aborted locally."));
        } else {
            closeNow(new ConnectionLost("Connection to the other side was lost: the reactor shut down."));
        }
    }

    private void closeNow(Exception reason) {
        if (!isOpen()) {
            return;
        }
        closeChannel(false);
        notifyLost(reason);
    }

    private void closeChannel(boolean reset) {
        queue.clear();
        queuedBytes = 0;
        if (key != null) {
            key.cancel();
        }
        try {
            // RST: the peer sees a reset. A Unix domain socket has no such option: its peer sees
            // the end of the stream after the bytes already sent.
            if (reset && channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException e) {
            debug("cannot set SO_LINGER on " + this + " (the peer has probably closed it already)", e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is lost: the socket is being dropped anyway and the reason is reported.
            debug("closing " + this + " failed", e);
        }
    }

    private static void debug(String message, Throwable error) {
        System.getLogger(TcpConnection.class.getName()).log(System.Logger.Level.DEBUG, message, error);
    }

    private void notifyLost(Exception reason) {
        if (state == State.DISCONNECTED) {
            return;
        }
        state = State.DISCONNECTED;
        ctx.forget(this);
        Failure failure = new Failure(reason);
        Producer p = producer;
        producer = null;
        if (p != null) {
            ctx.loop().runHandler(p, p::stopProducing);
        }
        ctx.loop().runHandler(protocol, () -> protocol.connectionLost(failure));
        onLost.accept(this, failure);
    }

    // ------------------------------------------------------------------ producer and consumer

    private void rawRegisterProducer(Producer newProducer, boolean isStreaming) {
        assert ReactorThreadCheck.check(ctx.reactor(), "registerProducer");
        Consumer.checkProducerKind(newProducer, isStreaming);
        if (producer != null) {
            throw new IllegalStateException("cannot register two producers: " + producer + " is registered");
        }
        if (!isOpen()) {
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
        assert ReactorThreadCheck.check(ctx.reactor(), "unregisterProducer");
        if (producer == null) {
            throw new IllegalStateException("cannot unregister a producer unless one is registered");
        }
        producer = null;
        producerPaused = false;
        if (state == State.DISCONNECTING) {
            scheduleFlush(); // the close that waited for the producer may happen now
        }
    }

    /** Stops reading from the socket until {@link #resumeProducing()} (Twisted's stopReading). */
    @Override
    public void pauseProducing() {
        assert ReactorThreadCheck.check(ctx.reactor(), "pauseProducing");
        readPaused = true;
        updateInterest();
    }

    /** Reads from the socket again. */
    @Override
    public void resumeProducing() {
        assert ReactorThreadCheck.check(ctx.reactor(), "resumeProducing");
        readPaused = false;
        updateInterest();
    }

    /** Loses the connection, as Twisted's transports do. */
    @Override
    public void stopProducing() {
        assert ReactorThreadCheck.check(ctx.reactor(), "stopProducing");
        loseConnection();
    }

    // ------------------------------------------------------------------ interest

    private boolean isOpen() {
        return state == State.CONNECTED || state == State.DISCONNECTING;
    }

    private boolean wantsRead() {
        return state == State.CONNECTED && !readPaused && !readClosed;
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int want = wantsRead() ? ops | SelectionKey.OP_READ : ops & ~SelectionKey.OP_READ;
        if (want != ops) {
            key.interestOps(want);
        }
    }

    private void setWriteInterest(boolean on) {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int want = on ? ops | SelectionKey.OP_WRITE : ops & ~SelectionKey.OP_WRITE;
        if (want != ops) {
            key.interestOps(want);
        }
    }


    // ------------------------------------------------------------------ ---- TLS (startTLS)
    // After startTLS the protocol is a TlsProtocol around the user's one; the user's calls on this
    // transport go to the TLS view, and the TLS layer writes ciphertext through the Raw view.

    private TlsProtocol tls;

    @Override
    public SSLTransport startTLS(TlsOptions options) {
        assert ReactorThreadCheck.check(ctx.reactor(), "startTLS");
        if (tls != null) {
            throw new IllegalStateException("startTLS was called already on " + this);
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
    public void registerProducer(Producer newProducer, boolean isStreaming) {
        if (tls != null) {
            tls.sslTransport().registerProducer(newProducer, isStreaming);
        } else {
            rawRegisterProducer(newProducer, isStreaming);
        }
    }

    @Override
    public void unregisterProducer() {
        if (tls != null) {
            tls.sslTransport().unregisterProducer();
        } else {
            rawUnregisterProducer();
        }
    }

    @Override
    public boolean isDisconnecting() {
        return tls != null ? tls.sslTransport().isDisconnecting() : rawIsDisconnecting();
    }

    /** The ciphertext side of this connection, for the TLS layer (Twisted's {@code _BypassTLS}). */
    private final class Raw implements Transport {
        @Override
        public void write(byte[] data) {
            rawWrite(data);
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            for (byte[] d : data) {
                rawWrite(d);
            }
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
            TcpConnection.this.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            TcpConnection.this.resumeProducing();
        }

        @Override
        public void stopProducing() {
            rawLoseConnection();
        }
    }
    // ------------------------------------------------------------------ ---- end of TLS

    // ------------------------------------------------------------------ queries and options

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

    @Override
    public void setTcpNoDelay(boolean enabled) {
        assert ReactorThreadCheck.check(ctx.reactor(), "setTcpNoDelay");
        setOption(StandardSocketOptions.TCP_NODELAY, enabled);
    }

    @Override
    public boolean getTcpNoDelay() {
        return getOption(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        assert ReactorThreadCheck.check(ctx.reactor(), "setTcpKeepAlive");
        setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return getOption(StandardSocketOptions.SO_KEEPALIVE);
    }

    private void setOption(SocketOption<Boolean> option, boolean value) {
        try {
            channel.setOption(option, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + option + " on " + this, e);
        }
    }

    private boolean getOption(SocketOption<Boolean> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " of " + this, e);
        }
    }

    /**
     * Returns how many written bytes wait to be sent (Twisted's buffer length), for tests and
     * monitoring.
     *
     * @return the queued byte count
     */
    public long bufferedBytes() {
        return queuedBytes;
    }

    /**
     * Tells whether a registered streaming producer is paused by flow control.
     *
     * @return true while paused for a full write buffer
     */
    public boolean isProducerPaused() {
        return producerPaused;
    }

    private String protocolName() {
        return protocol == null ? "the protocol" : protocol.logPrefix();
    }

    @Override
    public String toString() {
        return "<" + protocolName() + " " + host + " -> " + peer + " " + state + ">";
    }
}
