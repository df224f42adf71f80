package io.torsion.protocols;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.internet.Protocol;
import io.torsion.testing.Loopback;
import io.torsion.testing.StringTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileSender in memory (Twisted's test_protocols FileSenderTests). */
class FileSenderTest {
    private final StringTransport transport = new StringTransport();

    @Test
    void sendsOneChunkPerResumeThenUnregisters() {
        byte[] data = new byte[FileSender.CHUNK_SIZE + 10];
        new Random(1).nextBytes(data);
        FileSender sender = new FileSender();
        Deferred<Byte> d = sender.beginFileTransfer(new ByteArrayInputStream(data), transport, null);
        assertTrue(transport.producer().isPresent());
        assertTrue(!transport.isProducerStreaming());
        sender.resumeProducing();
        assertEquals(FileSender.CHUNK_SIZE, transport.value().length);
        assertNoResult(d);
        sender.resumeProducing();
        assertArrayEquals(data, transport.value());
        assertNoResult(d);
        sender.resumeProducing();
        assertEquals(data[data.length - 1], successResultOf(d));
        assertTrue(transport.producer().isEmpty());
    }

    @Test
    void emptyStreamFiresWithNull() {
        FileSender sender = new FileSender();
        Deferred<Byte> d = sender.beginFileTransfer(InputStream.nullInputStream(), transport, null);
        sender.resumeProducing();
        assertNull(successResultOf(d));
    }

    @Test
    void transformChangesEachChunk() {
        FileSender sender = new FileSender();
        Deferred<Byte> d = sender.beginFileTransfer(new ByteArrayInputStream("abc".getBytes()), transport,
                chunk -> new String(chunk).toUpperCase().getBytes());
        sender.resumeProducing();
        sender.resumeProducing();
        assertEquals("ABC", transport.valueAsString());
        assertEquals((byte) 'C', successResultOf(d));
    }

    @Test
    void stopProducingFailsTheTransferAndClosesTheStream() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[100]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        FileSender sender = new FileSender();
        Deferred<Byte> d = sender.beginFileTransfer(in, transport, null);
        sender.stopProducing();
        assertTrue(failureResultOf(d, IOException.class).getErrorMessage().contains("stop producing"));
        assertTrue(closed[0]);
        sender.resumeProducing();
        assertEquals(0, transport.value().length);
    }

    @Test
    void aLateReadAfterStopIsIgnored() {
        // The thread-pool mode's read may complete after stopProducing; a Deferred that fires
        // later stands in for it.
        java.util.List<Deferred<byte[]>> read = new java.util.ArrayList<>();
        io.torsion.internet.ReactorThreads threads = (io.torsion.internet.ReactorThreads) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {io.torsion.internet.ReactorThreads.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("deferToThread")) {
                                read.add(new Deferred<>());
                                return read.get(0);
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
        FileSender sender = new FileSender(threads);
        Deferred<Byte> d = sender.beginFileTransfer(new ByteArrayInputStream(new byte[10]), transport, null);
        sender.resumeProducing();
        sender.resumeProducing(); // ignored: a read is in flight
        sender.stopProducing();
        failureResultOf(d, IOException.class);
        read.get(0).errback(new IOException("stream closed"));
        assertEquals(1, read.size());
        assertEquals(0, transport.value().length);
        assertTrue(transport.producer().isPresent(), "stopProducing leaves unregistering to the consumer");
    }

    @Test
    void threadPoolModeWritesWhenTheReadCompletes() {
        java.util.List<Deferred<Object>> reads = new java.util.ArrayList<>();
        java.util.List<java.util.concurrent.Callable<?>> calls = new java.util.ArrayList<>();
        io.torsion.internet.ReactorThreads threads = (io.torsion.internet.ReactorThreads) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {io.torsion.internet.ReactorThreads.class},
                        (proxy, method, args) -> {
                            Deferred<Object> r = new Deferred<>();
                            reads.add(r);
                            calls.add((java.util.concurrent.Callable<?>) args[0]);
                            return r;
                        });
        FileSender sender = new FileSender(threads);
        Deferred<Byte> d = sender.beginFileTransfer(new ByteArrayInputStream("xyz".getBytes()), transport, null);
        sender.resumeProducing();
        sender.resumeProducing();
        assertEquals(1, reads.size(), "one read at a time");
        assertEquals(0, transport.value().length);
        for (int i = 0; i < 2; i++) {
            try {
                reads.get(i).callback(calls.get(i).call());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            sender.resumeProducing();
        }
        assertEquals("xyz", transport.valueAsString());
        assertEquals((byte) 'z', successResultOf(d));
    }

    @Test
    void readErrorFailsTheTransfer() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        FileSender sender = new FileSender();
        Deferred<Byte> d = sender.beginFileTransfer(broken, transport, null);
        sender.resumeProducing();
        assertTrue(failureResultOf(d, IOException.class).getErrorMessage().contains("disk on fire"));
        assertTrue(transport.producer().isEmpty());
    }

    @Test
    void aSenderSendsOnce() {
        FileSender sender = new FileSender();
        sender.beginFileTransfer(InputStream.nullInputStream(), transport, null);
        assertThrows(IllegalStateException.class,
                () -> sender.beginFileTransfer(InputStream.nullInputStream(), new StringTransport(), null));
    }

    @Test
    void streamsAFileOverALoopback(@TempDir Path dir) throws IOException {
        byte[] data = new byte[200_000];
        new Random(2).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Protocol sink = new Protocol() {
            @Override
            public void dataReceived(byte[] chunk) {
                received.write(chunk, 0, chunk.length);
            }
        };
        Protocol source = new Protocol() { };
        Loopback loop = Loopback.connect(source, sink);
        Deferred<Byte> d = new FileSender().beginFileTransfer(file, source.transport());
        loop.flush();
        successResultOf(d);
        assertArrayEquals(data, received.toByteArray());
    }
}
