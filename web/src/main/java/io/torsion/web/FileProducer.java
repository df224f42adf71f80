package io.torsion.web;

import io.torsion.internet.PullProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Sends pieces of an open file, with literal bytes between them (multipart boundaries), to a
 * request, one bounded write each time the connection asks for more (Twisted's
 * {@code static.SingleRangeStaticProducer} and {@code MultipleRangeStaticProducer}). Reads happen on
 * the reactor thread, at most {@link #CHUNK} bytes at a time, so memory stays bounded whatever the
 * file's size.
 */
final class FileProducer implements PullProducer {
    static final int CHUNK = 64 * 1024;

    /** One piece of the body: literal bytes, or a span of the file. */
    sealed interface Piece permits Literal, Span {
    }

    record Literal(byte[] bytes) implements Piece {
    }

    record Span(long start, long length) implements Piece {
    }

    private final Request request;
    private final FileChannel file;
    private final Deque<Piece> pieces;
    private boolean done;

    FileProducer(Request request, FileChannel file, List<Piece> pieces) {
        this.request = request;
        this.file = file;
        this.pieces = new ArrayDeque<>(pieces);
    }

    void start() {
        request.notifyFinish().addErrback(failure -> {
            close();
            return null;
        });
        request.registerProducer(this, false);
    }

    @Override
    public void resumeProducing() {
        if (done) {
            return;
        }
        if (request.isDisconnected()) {
            close();
            return;
        }
        Piece piece = pieces.pollFirst();
        if (piece instanceof Literal literal) {
            request.write(literal.bytes());
        } else if (piece instanceof Span span) {
            try {
                int want = (int) Math.min(CHUNK, span.length());
                ByteBuffer buf = ByteBuffer.allocate(want);
                while (buf.hasRemaining()) {
                    if (file.read(buf, span.start() + buf.position()) < 0) {
                        throw new IOException("the file shrank while it was being sent");
                    }
                }
                if (span.length() > want) {
                    pieces.addFirst(new Span(span.start() + want, span.length() - want));
                }
                request.write(buf.array());
            } catch (IOException e) {
                // the head is already out: all we can do is cut the response short
                System.getLogger(FileProducer.class.getName()).log(System.Logger.Level.ERROR,
                        "reading a served file", e);
                close();
                request.unregisterProducer();
                request.abortConnection();
                return;
            }
        }
        if (pieces.isEmpty()) {
            close();
            request.unregisterProducer();
            if (!request.isDisconnected()) {
                request.finish();
            }
        }
    }

    @Override
    public void stopProducing() {
        close();
    }

    private void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            file.close();
        } catch (IOException e) {
            System.getLogger(FileProducer.class.getName()).log(System.Logger.Level.WARNING, "closing a served file", e);
        }
    }
}
