package io.torsion.web;

import io.torsion.internet.PullProducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Sends a byte range of an open file to a request, one bounded chunk each time the connection
 * asks for more (Twisted's {@code static.SingleRangeStaticProducer}). Reads happen on the reactor
 * thread, {@link #CHUNK} bytes at a time, so memory stays bounded whatever the file's size.
 */
final class FileProducer implements PullProducer {
    static final int CHUNK = 64 * 1024;

    private final Request request;
    private final FileChannel file;
    private long position;
    private final long end;
    private boolean done;

    FileProducer(Request request, FileChannel file, long start, long length) {
        this.request = request;
        this.file = file;
        this.position = start;
        this.end = start + length;
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
        try {
            int want = (int) Math.min(CHUNK, end - position);
            ByteBuffer buf = ByteBuffer.allocate(want);
            int n = want == 0 ? 0 : file.read(buf, position);
            if (n < 0) {
                throw new IOException("the file shrank while it was being sent");
            }
            position += n;
            request.write(n == want ? buf.array() : Arrays.copyOf(buf.array(), n));
        } catch (IOException e) {
            // the head is already out: all we can do is cut the response short
            System.getLogger(FileProducer.class.getName()).log(System.Logger.Level.ERROR, "reading a served file", e);
            close();
            request.unregisterProducer();
            request.abortConnection();
            return;
        }
        if (position >= end) {
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
