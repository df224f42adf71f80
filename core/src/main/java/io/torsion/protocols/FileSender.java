package io.torsion.protocols;

import io.torsion.defer.Deferred;
import io.torsion.internet.Consumer;
import io.torsion.internet.PullProducer;
import io.torsion.internet.ReactorThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * Streams a file or an {@link InputStream} to a consumer (usually a transport) as a pull producer,
 * one chunk each time the consumer asks (Twisted's {@code twisted.protocols.basic.FileSender}).
 *
 * <p>Where the reads happen, chosen when the sender is made:
 * <ul>
 *   <li>{@link #FileSender(ReactorThreads)}: each chunk is read in the reactor's thread pool and
 *       written on the reactor thread, so a slow disk, a pipe or a network stream never blocks
 *       the reactor. Use it for anything but small local files.</li>
 *   <li>{@link #FileSender()}: each chunk ({@value #CHUNK_SIZE} bytes at most) is read on the
 *       calling thread. Only for in-memory streams and small local files, whose bounded reads do
 *       not block; it is what tests with {@code StringTransport} or {@code Loopback} use.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #beginFileTransfer} registers the sender with the consumer; each
 * {@link #resumeProducing()} writes one chunk (in the thread-pool mode, when the read completes;
 * a request while a read is in flight is ignored); at the end of the stream the sender
 * unregisters, closes the stream and fires the Deferred. The stream is closed in every case.
 *
 * <pre>{@code
 * new FileSender(reactor).beginFileTransfer(path, transport)
 *     .addCallback(last -> { transport.loseConnection(); return null; });
 * }</pre>
 *
 * <p>Threading: reactor thread only.
 */
public class FileSender implements PullProducer {
    /** How many bytes are read per chunk (Twisted's {@code CHUNK_SIZE}, 2**14). */
    public static final int CHUNK_SIZE = 1 << 14;

    private enum State { IDLE, SENDING, DONE }

    private final ReactorThreads threads;
    private State state = State.IDLE;
    private InputStream input;
    private Consumer consumer;
    private UnaryOperator<byte[]> transform;
    private Deferred<Byte> finished;
    private Byte lastSent;
    private boolean reading;

    /** Creates a sender that reads on the calling (reactor) thread, in bounded chunks. */
    public FileSender() {
        this.threads = null;
    }

    /**
     * Creates a sender that reads in {@code threads}'s thread pool.
     *
     * @param threads the reactor whose pool does the reads
     */
    public FileSender(ReactorThreads threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /**
     * Streams the file at {@code path} to {@code consumer}.
     *
     * @param path the file
     * @param consumer where to write it
     * @return as {@link #beginFileTransfer(InputStream, Consumer, UnaryOperator)}
     * @throws IOException if the file cannot be opened
     */
    public Deferred<Byte> beginFileTransfer(Path path, Consumer consumer) throws IOException {
        return beginFileTransfer(Files.newInputStream(path), consumer, null);
    }

    /**
     * Streams {@code input} to {@code consumer}, passing each chunk through {@code transform}
     * first when one is given; the sender closes the stream.
     *
     * @param input the stream; the sender owns it from now on
     * @param consumer where to write it; the sender registers itself as its pull producer
     * @param transform changes each chunk before it is written, or null
     * @return fires with the last byte sent (null if the stream was empty) after the sender
     *     unregistered; fails with the {@link IOException} of a read, or with
     *     {@link IOException} "consumer asked us to stop producing" if the consumer stopped it
     * @throws IllegalStateException if this sender was used before
     */
    public Deferred<Byte> beginFileTransfer(InputStream input, Consumer consumer, UnaryOperator<byte[]> transform) {
        if (state != State.IDLE) {
            throw new IllegalStateException("a FileSender sends one file; this one is " + state);
        }
        this.input = Objects.requireNonNull(input, "input");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.transform = transform;
        this.finished = new Deferred<>();
        state = State.SENDING;
        Deferred<Byte> result = finished;
        consumer.registerProducer(this, false);
        return result;
    }

    /** Reads and writes the next chunk, or finishes at the end of the stream. */
    @Override
    public void resumeProducing() {
        if (state != State.SENDING || reading) {
            return;
        }
        Callable<byte[]> read = () -> input.readNBytes(CHUNK_SIZE);
        if (threads == null) {
            byte[] chunk;
            try {
                chunk = read.call();
            } catch (Exception e) {
                end(e);
                return;
            }
            deliver(chunk);
            return;
        }
        reading = true;
        threads.deferToThread(read).addCallbacks(chunk -> {
            reading = false;
            deliver(chunk);
            return null;
        }, failure -> {
            reading = false;
            end(failure.value());
            return null;
        });
    }

    private void deliver(byte[] chunk) {
        if (state != State.SENDING) {
            return;
        }
        if (chunk.length == 0) {
            end(null);
            return;
        }
        byte[] out = transform == null ? chunk : transform.apply(chunk);
        if (out.length > 0) {
            lastSent = out[out.length - 1];
        }
        consumer.write(out);
    }

    /** Stops for good; the Deferred fails, as in Twisted. */
    @Override
    public void stopProducing() {
        if (state == State.SENDING) {
            state = State.DONE;
            IOException stop = new IOException("consumer asked us to stop producing");
            IOException closing = close();
            if (closing != null) {
                stop.addSuppressed(closing);
            }
            finished.errback(stop);
        }
    }

    private void end(Throwable error) {
        if (state != State.SENDING) {
            return; // stopped while a read was in flight; the Deferred has already failed
        }
        state = State.DONE;
        IOException closing = close();
        if (error == null) {
            error = closing;
        } else if (closing != null) {
            error.addSuppressed(closing);
        }
        consumer.unregisterProducer();
        if (error == null) {
            finished.callback(lastSent);
        } else {
            finished.errback(error);
        }
    }

    /** Closes the stream, returning the error if it could not be closed. */
    private IOException close() {
        try {
            input.close();
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
