package io.torsion.internet.internal;

import io.torsion.internet.ReactorThreads;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the TCP ports, connections and connectors of one reactor share: the loop, the reactor's
 * thread pool (for name lookups), the flow-control marks, the read and write buffers reused by
 * every connection, and the set of open resources that the reactor's shutdown closes.
 *
 * <p>The buffers can be shared because only the reactor thread uses them and no call keeps them:
 * a read is copied out into a fresh array before the protocol sees it, and a write is copied in and
 * sent in the same call.
 *
 * <p>Threading: reactor thread only.
 */
public final class TcpContext {
    /** The most bytes one read takes from a socket: the bound on one {@code dataReceived}. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;
    /**
     * The most reads one connection gets per selector pass, while each fills the read buffer:
     * {@link #READ_BUFFER_SIZE} times this is one {@link #WRITE_CHUNK_SIZE}, so an echo of a full
     * pass leaves in one write.
     */
    public static final int READS_PER_PASS = 4;
    /** The most bytes one write system call sends; larger queues take several. */
    public static final int WRITE_CHUNK_SIZE = 256 * 1024;
    /** The most bytes one flush sends before letting other connections have the loop. */
    public static final int MAX_BYTES_PER_FLUSH = 4 * WRITE_CHUNK_SIZE;

    private final EventLoop loop;
    private final ReactorThreads reactor;
    private final Set<TcpResource> open = new LinkedHashSet<>();
    private ByteBuffer readBuffer;
    private ByteBuffer writeBuffer;
    private int highWaterMark;
    private int lowWaterMark;

    /**
     * Creates the context of one reactor.
     *
     * @param loop the reactor's loop
     * @param reactor the reactor, for thread checks and its thread pool
     * @param highWaterMark a registered streaming producer is paused when more bytes are queued
     * @param lowWaterMark it is resumed when the queue has drained to this many bytes
     */
    public TcpContext(EventLoop loop, ReactorThreads reactor, int highWaterMark, int lowWaterMark) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        setWriteBufferMarks(highWaterMark, lowWaterMark);
    }

    /**
     * Sets the flow-control marks of connections made from now on.
     *
     * @param high the high-water mark in bytes
     * @param low the low-water mark in bytes
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setWriteBufferMarks(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= lowWaterMark <= highWaterMark, got " + low + " and " + high);
        }
        this.highWaterMark = high;
        this.lowWaterMark = low;
    }

    int highWaterMark() {
        return highWaterMark;
    }

    int lowWaterMark() {
        return lowWaterMark;
    }

    EventLoop loop() {
        return loop;
    }

    ReactorThreads reactor() {
        return reactor;
    }

    ByteBuffer readBuffer() {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
        }
        return readBuffer;
    }

    ByteBuffer writeBuffer() {
        if (writeBuffer == null) {
            writeBuffer = ByteBuffer.allocateDirect(WRITE_CHUNK_SIZE);
        }
        return writeBuffer;
    }

    void remember(TcpResource resource) {
        open.add(resource);
    }

    void forget(TcpResource resource) {
        open.remove(resource);
    }

    /**
     * Returns how many ports, connections and attempts are open (for tests).
     *
     * @return the count
     */
    public int openCount() {
        return open.size();
    }

    /**
     * Closes every open port, connection and connection attempt, as Twisted's
     * {@code disconnectAll} does during shutdown: protocols get {@code connectionLost} with
     * {@code ConnectionLost}, factories of attempts {@code clientConnectionFailed}. What one of
     * them throws is logged and the others are still closed.
     */
    public void shutdown() {
        List<TcpResource> all = new ArrayList<>(open);
        open.clear();
        for (TcpResource r : all) {
            loop.runHandler(r, r::closeForShutdown);
        }
    }

    void logError(String what, Object who, Throwable error) {
        loop.logError(what, who, error);
    }
}
