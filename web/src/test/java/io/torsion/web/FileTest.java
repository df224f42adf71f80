package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.PullProducer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTest {
    @TempDir
    Path tmp;
    Path docroot;

    @BeforeEach
    void setUp() throws IOException {
        docroot = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(docroot.resolve("a.txt"), "hello world");
        Files.createDirectories(docroot.resolve("sub"));
        Files.writeString(docroot.resolve("sub/index.html"), "<p>index</p>");
        Files.createDirectories(docroot.resolve("list"));
        Files.writeString(docroot.resolve("list/<b>&.txt"), "x");
        Files.writeString(docroot.resolve("list/plain.bin"), "y");
        Files.writeString(tmp.resolve("secret.txt"), "secret");
    }

    @AfterEach
    void resetHeadFlag() {
        Harness.Response.HEAD.set(false);
    }

    Harness get(File file, String target, String... headers) {
        Resource root = new Resource();
        root.putChild("files", file);
        Harness h = new Harness(root);
        h.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n" + String.join("", headers) + "\r\n");
        drain(h);
        return h;
    }

    /** Plays the connection's part for a pull producer: ask for more until it unregisters. */
    static void drain(Harness h) {
        for (int i = 0; i < 100_000 && h.transport.producer().isPresent(); i++) {
            ((PullProducer) h.transport.producer().get()).resumeProducing();
        }
        assertFalse(h.transport.producer().isPresent(), "the producer never finished");
    }

    @Test
    void servesAFileWithTypeLengthAndValidators() {
        Harness.Response r = get(new File(docroot), "/files/a.txt").only();
        assertEquals(200, r.status());
        assertEquals("hello world", r.body());
        assertEquals("11", r.header("Content-Length"));
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        assertTrue(r.header("ETag").startsWith("\""));
        assertTrue(r.header("Last-Modified").endsWith("GMT"));
    }

    @Test
    void largeFileStreamsInBoundedChunks() throws IOException {
        byte[] big = new byte[FileProducer.CHUNK * 3 + 17];
        Arrays.fill(big, (byte) 'z');
        Files.write(docroot.resolve("big.bin"), big);
        Resource root = new Resource();
        root.putChild("files", new File(docroot));
        Harness h = new Harness(root);
        h.send("GET /files/big.bin HTTP/1.1\r\nHost: h\r\n\r\n");
        int writes = 0;
        while (h.transport.producer().isPresent()) {
            int before = h.transport.value().length;
            ((PullProducer) h.transport.producer().get()).resumeProducing();
            assertTrue(h.transport.value().length - before <= FileProducer.CHUNK + 1000);
            writes++;
        }
        assertEquals(4, writes);
        Harness.Response r = h.only();
        assertEquals(big.length, r.body().length());
        assertEquals("application/octet-stream", r.header("Content-Type"));
    }

    @Test
    void headSendsNoBody() {
        Harness.Response.HEAD.set(true);
        Resource root = new Resource();
        root.putChild("files", new File(docroot));
        Harness h = new Harness(root).send("HEAD /files/a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
        Harness.Response r = h.only();
        assertEquals("11", r.header("Content-Length"));
        assertTrue(r.raw().endsWith("\r\n\r\n"));
    }

    @Test
    void conditionalRequestsGet304() {
        Harness.Response first = get(new File(docroot), "/files/a.txt").only();
        String etag = first.header("ETag");
        assertEquals(304, get(new File(docroot), "/files/a.txt", "If-None-Match: \"x\", " + etag + "\r\n").only().status());
        assertEquals(304, get(new File(docroot), "/files/a.txt", "If-None-Match: W/" + etag + "\r\n").only().status());
        assertEquals(200, get(new File(docroot), "/files/a.txt", "If-None-Match: \"other\"\r\n").only().status());
        String lm = first.header("Last-Modified");
        assertEquals(304, get(new File(docroot), "/files/a.txt", "If-Modified-Since: " + lm + "\r\n").only().status());
        assertEquals(200, get(new File(docroot), "/files/a.txt",
                "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n").only().status());
        // If-None-Match wins over If-Modified-Since
        assertEquals(200, get(new File(docroot), "/files/a.txt",
                "If-None-Match: \"other\"\r\nIf-Modified-Since: " + lm + "\r\n").only().status());
        assertEquals(200, get(new File(docroot), "/files/a.txt", "If-Modified-Since: garbage\r\n").only().status());
    }

    @Test
    void cachedValidatorsFollowAChangedFile() throws IOException {
        File file = new File(docroot); // one instance, so every request shares its metadata cache
        Path a = docroot.resolve("a.txt");
        java.nio.file.attribute.FileTime t0 = java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(a, t0);
        Harness.Response first = get(file, "/files/a.txt").only();
        String etag = first.header("ETag");
        assertEquals(304, get(file, "/files/a.txt", "If-None-Match: " + etag + "\r\n").only().status());
        assertEquals(304, get(file, "/files/a.txt", "If-Modified-Since: " + first.header("Last-Modified") + "\r\n")
                .only().status());

        // same size, new content and a later mtime: a new ETag and Last-Modified, a 200 with the new body
        Files.writeString(a, "HELLO WORLD");
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(1_600_000_060_000L));
        Harness.Response changed = get(file, "/files/a.txt", "If-None-Match: " + etag + "\r\n").only();
        assertEquals(200, changed.status());
        assertEquals("HELLO WORLD", changed.body());
        assertFalse(etag.equals(changed.header("ETag")));
        assertFalse(first.header("Last-Modified").equals(changed.header("Last-Modified")));
        assertEquals(200, get(file, "/files/a.txt", "If-Modified-Since: " + first.header("Last-Modified") + "\r\n")
                .only().status());

        // new size with the old mtime restored: the size alone changes the ETag
        Files.writeString(a, "hello, world!");
        Files.setLastModifiedTime(a, t0);
        Harness.Response resized = get(file, "/files/a.txt", "If-None-Match: " + etag + "\r\n").only();
        assertEquals(200, resized.status());
        assertEquals("hello, world!", resized.body());
        assertEquals("13", resized.header("Content-Length"));
        assertEquals(304, get(file, "/files/a.txt", "If-None-Match: " + resized.header("ETag") + "\r\n")
                .only().status());
    }

    @Test
    void aSettledSmallFileIsServedFromMemoryUntilItChanges() throws IOException {
        File file = new File(docroot);
        Path a = docroot.resolve("a.txt");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(a, old);
        assertEquals("hello world", get(file, "/files/a.txt").only().body());
        assertEquals(11, file.metadata().cachedBytes(), "a settled small file is kept");
        assertEquals("hello world", get(file, "/files/a.txt").only().body());
        assertEquals("hello", get(file, "/files/a.txt", "Range: bytes=0-4\r\n").only().body());

        // rewritten in place with the same size: its time moves on, so the next stat differs
        Files.writeString(a, "HELLO WORLD");
        assertEquals("HELLO WORLD", get(file, "/files/a.txt").only().body());

        // replaced (renamed over) by another file of the same size and the same time: a new inode
        Files.setLastModifiedTime(a, old);
        assertEquals("HELLO WORLD", get(file, "/files/a.txt").only().body());
        Path other = docroot.resolve("other.tmp");
        Files.writeString(other, "other world");
        Files.setLastModifiedTime(other, old);
        Files.move(other, a, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Harness.Response replaced = get(file, "/files/a.txt").only();
        assertEquals("other world", replaced.body());
        assertEquals("11", replaced.header("Content-Length"));
    }

    @Test
    void aFileResourceKeptAcrossRequestsStatsAgain() throws IOException {
        // getChild's lstat stands in for the stat of the request that made the child only
        File dir = new File(docroot);
        Resource[] kept = new Resource[1];
        Resource root = new Resource() {
            @Override
            public Resource getChild(String segment, Request request) {
                if (kept[0] == null) {
                    kept[0] = dir.getChild(segment, request);
                }
                return kept[0];
            }
        };
        Harness h = new Harness(root);
        h.send("GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
        Files.writeString(docroot.resolve("a.txt"), "a longer hello world");
        h.send("GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("hello world", h.responses().get(0).body());
        assertEquals("a longer hello world", h.responses().get(1).body());
    }

    @Test
    void aFileChangedWithinTheSameSecondIsNeverServedStale() throws IOException {
        // Two writes of the same size close together can leave size, mtime and inode equal (a
        // coarse file system clock, simulated by setting the time back): a file modified in the
        // last two seconds is read from disk every time, not kept.
        File file = new File(docroot);
        Path a = docroot.resolve("a.txt");
        java.nio.file.attribute.FileTime now = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis());
        Files.setLastModifiedTime(a, now);
        assertEquals("hello world", get(file, "/files/a.txt").only().body());
        Files.writeString(a, "HELLO WORLD");
        Files.setLastModifiedTime(a, now);
        assertEquals("HELLO WORLD", get(file, "/files/a.txt").only().body());
        assertEquals(0, file.metadata().cachedBytes());
    }

    @Test
    void contentCacheIsBoundedPerFileAndInAll() throws IOException {
        FileMetadata cache = new FileMetadata(() -> 1_700_000_000_000L);
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L);
        byte[] max = new byte[FileMetadata.MAX_CACHED_FILE];
        long kept = 0;
        for (int i = 0; kept + max.length <= FileMetadata.MAX_CACHED_BYTES; i++) {
            Path p = docroot.resolve("m" + i + ".bin");
            Files.write(p, max);
            Files.setLastModifiedTime(p, old);
            var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            assertEquals(max.length, cache.content(p, cache.lookup(p, attrs)).length);
            kept += max.length;
            assertEquals(kept, cache.cachedBytes());
        }
        Path over = docroot.resolve("over.bin");
        Files.write(over, new byte[1]);
        Files.setLastModifiedTime(over, old);
        var attrs = Files.readAttributes(over, java.nio.file.attribute.BasicFileAttributes.class);
        assertEquals(1, cache.content(over, cache.lookup(over, attrs)).length, "still served, just not kept");
        assertEquals(kept, cache.cachedBytes());
    }

    @Test
    void metadataCacheIsBounded() throws IOException {
        FileMetadata cache = new FileMetadata();
        for (int i = 0; i <= FileMetadata.MAX_ENTRIES; i++) {
            Path p = docroot.resolve("f" + i + ".txt");
            Files.writeString(p, "x");
            cache.lookup(p, Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class));
        }
        assertEquals(FileMetadata.MAX_ENTRIES, cache.size());
    }

    @Test
    void smallBodiesNeedNoProducerAndLargerOnesStream() throws IOException {
        byte[] small = new byte[File.SMALL_BODY];
        Arrays.fill(small, (byte) 's');
        Files.write(docroot.resolve("small.bin"), small);
        Files.write(docroot.resolve("large.bin"), Arrays.copyOf(small, File.SMALL_BODY + 1));
        Resource root = new Resource();
        root.putChild("files", new File(docroot));
        Harness h = new Harness(root);
        h.send("GET /files/small.bin HTTP/1.1\r\nHost: h\r\n\r\n");
        assertFalse(h.transport.producer().isPresent());
        assertEquals(File.SMALL_BODY, h.only().body().length());
        Harness h2 = new Harness(root);
        h2.send("GET /files/large.bin HTTP/1.1\r\nHost: h\r\n\r\n");
        assertTrue(h2.transport.producer().isPresent());
        drain(h2);
        assertEquals(File.SMALL_BODY + 1, h2.only().body().length());
    }

    @Test
    void singleRanges() {
        Harness.Response r = get(new File(docroot), "/files/a.txt", "Range: bytes=0-4\r\n").only();
        assertEquals(206, r.status());
        assertEquals("hello", r.body());
        assertEquals("bytes 0-4/11", r.header("Content-Range"));
        assertEquals("world", get(new File(docroot), "/files/a.txt", "Range: bytes=-5\r\n").only().body());
        assertEquals("world", get(new File(docroot), "/files/a.txt", "Range: bytes=6-\r\n").only().body());
        assertEquals("world", get(new File(docroot), "/files/a.txt", "Range: bytes=6-100\r\n").only().body());
        Harness.Response bad = get(new File(docroot), "/files/a.txt", "Range: bytes=11-\r\n").only();
        assertEquals(416, bad.status());
        assertEquals("bytes */11", bad.header("Content-Range"));
        assertEquals(200, get(new File(docroot), "/files/a.txt", "Range: bytes=0-1,x\r\n").only().status());
        assertEquals(200, get(new File(docroot), "/files/a.txt", "Range: bytes=" + "0-0,".repeat(17) + "\r\n").only().status());
        Harness.Response one = get(new File(docroot), "/files/a.txt", "Range: bytes=0-1,20-30\r\n").only();
        assertEquals("he", one.body()); // one satisfiable range is served as a single range
        assertEquals(200, get(new File(docroot), "/files/a.txt", "Range: lines=1-2\r\n").only().status());
        assertEquals(200, get(new File(docroot), "/files/a.txt", "Range: bytes=5-1\r\n").only().status());
    }

    @Test
    void directoryIndexRedirectAndListing() {
        Harness.Response redirect = get(new File(docroot), "/files/sub").only();
        assertEquals(301, redirect.status());
        assertEquals("/files/sub/", redirect.header("Location"));
        assertEquals("<p>index</p>", get(new File(docroot), "/files/sub/").only().body());
        Harness.Response listing = get(new File(docroot), "/files/list/").only();
        assertEquals(200, listing.status());
        assertTrue(listing.body().contains("&lt;b&gt;&amp;.txt"), listing.body());
        assertFalse(listing.body().contains("<b>&"), listing.body());
        assertTrue(listing.body().contains("href=\"%3Cb%3E%26.txt\""), listing.body());
        assertTrue(listing.body().contains("plain.bin"));
    }

    @Test
    void traversalIsRefused() throws IOException {
        for (String target : new String[] {"/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E/secret.txt",
                "/files/sub/..%2f..%2fsecret.txt", "/files/%2e%2e%2fsecret.txt", "/files/sub/%2e%2e/%2e%2e/secret.txt",
                "/files/a.txt%00", "/files/..%5csecret.txt", "/files/./a.txt"}) {
            Harness.Response r = get(new File(docroot), target).only();
            assertEquals(404, r.status(), target);
            assertFalse(r.body().contains("secret"), target);
        }
    }

    @Test
    void symlinksLeavingTheRootAreRefusedUnlessAllowed() throws IOException {
        try {
            Files.createSymbolicLink(docroot.resolve("out.txt"), tmp.resolve("secret.txt"));
            Files.createSymbolicLink(docroot.resolve("in.txt"), docroot.resolve("a.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        assertEquals(404, get(new File(docroot), "/files/out.txt").only().status());
        assertEquals("hello world", get(new File(docroot), "/files/in.txt").only().body());
        assertEquals("secret", get(new File(docroot).allowingSymlinksOutsideRoot(), "/files/out.txt").only().body());
    }

    @Test
    void pathsBelowASymlinkedDirectoryAreResolvedAgain() throws IOException {
        try {
            Files.createSymbolicLink(docroot.resolve("outdir"), tmp);   // leaves the root
            Files.createSymbolicLink(docroot.resolve("subdir"), docroot.resolve("sub")); // stays inside
            Files.createSymbolicLink(docroot.resolve("sub/up.txt"), tmp.resolve("secret.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        File file = new File(docroot);
        assertEquals(404, get(file, "/files/outdir/secret.txt").only().status());
        assertEquals("<p>index</p>", get(file, "/files/subdir/index.html").only().body());
        assertEquals(404, get(file, "/files/subdir/up.txt").only().status());
        assertEquals(404, get(file, "/files/sub/up.txt").only().status());
    }

    @Test
    void missingFileIs404() {
        assertEquals(404, get(new File(docroot), "/files/nope.txt").only().status());
        assertEquals(404, get(new File(docroot), "/files/a.txt/more").only().status());
        assertEquals(404, get(new File(docroot), "/files/a.txt/").only().status());
    }

    @Test
    void bytesAreExact() throws IOException {
        byte[] data = new byte[256];
        for (int i = 0; i < 256; i++) {
            data[i] = (byte) i;
        }
        Files.write(docroot.resolve("all.bin"), data);
        Harness h = get(new File(docroot), "/files/all.bin");
        byte[] out = h.transport.value();
        assertArrayEquals(data, Arrays.copyOfRange(out, out.length - 256, out.length));
        assertTrue(new String(out, StandardCharsets.ISO_8859_1).contains("Content-Length: 256"));
    }

    @Test
    void multipleRangesAsMultipartByteranges() {
        Harness.Response r = get(new File(docroot), "/files/a.txt", "Range: bytes=0-1, 6-7,-1\r\n").only();
        assertEquals(206, r.status());
        String type = r.header("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/11\r\n\r\nhe"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 6-7/11\r\n\r\nwo"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-10/11\r\n\r\nd"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, r.body());
        assertEquals(Integer.toString(expected.length()), r.header("Content-Length"));
    }

    @Test
    void rangeParsing() {
        assertEquals(new ByteRanges.Satisfiable(java.util.List.of(new ByteRanges.Span(0, 0))), ByteRanges.parse("bytes=0-0", 5));
        assertEquals(new ByteRanges.Unsatisfiable(), ByteRanges.parse("bytes=5-", 5));
        assertEquals(new ByteRanges.Unsatisfiable(), ByteRanges.parse("bytes=-0", 5));
        assertEquals(new ByteRanges.Ignore(), ByteRanges.parse("bytes=-", 5));
        assertEquals(new ByteRanges.Ignore(), ByteRanges.parse("bytes=1-+2", 5));
        assertEquals(new ByteRanges.Ignore(), ByteRanges.parse("bytes=99999999999999999999-", 5));
        assertEquals(new ByteRanges.Ignore(), ByteRanges.parse("bytes=", 5));
        assertEquals(new ByteRanges.Satisfiable(java.util.List.of(new ByteRanges.Span(0, 4))), ByteRanges.parse("BYTES=-10", 5));
    }

    /** Counts what is written instead of keeping it, so a huge response costs no memory here. */
    static final class CountingTransport extends io.torsion.testing.StringTransport {
        long written;
        long largestWrite;

        @Override
        public void write(byte[] data) {
            written += data.length;
            largestWrite = Math.max(largestWrite, data.length);
        }

        @Override
        public void writeSequence(java.util.List<byte[]> data) {
            long n = 0;
            for (byte[] d : data) {
                n += d.length;
            }
            written += n;
            largestWrite = Math.max(largestWrite, n);
        }
    }

    @Test
    void aGibibyteFileStreamsWithBoundedWrites() throws IOException {
        long size = 1L << 30;
        try (var f = new java.io.RandomAccessFile(docroot.resolve("huge.bin").toFile(), "rw")) {
            f.setLength(size); // sparse where the file system allows
        }
        Resource root = new Resource();
        root.putChild("files", new File(docroot));
        Site site = new Site(root, new io.torsion.task.Clock());
        HttpChannel channel = site.buildProtocol(io.torsion.testing.StringTransport.DEFAULT_PEER);
        CountingTransport t = new CountingTransport();
        channel.makeConnection(t);
        channel.dataReceived("GET /files/huge.bin HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        long head = t.written;
        int resumes = 0;
        while (t.producer().isPresent()) {
            ((PullProducer) t.producer().get()).resumeProducing();
            resumes++;
        }
        long headBytes = t.written - size; // the head goes out with the first write
        assertTrue(headBytes > 0 && headBytes < 1000, "head bytes " + headBytes);
        assertEquals(0, head);
        assertTrue(t.largestWrite <= FileProducer.CHUNK, "largest write " + t.largestWrite);
        assertEquals(size / FileProducer.CHUNK, resumes);
    }

    @Test
    void aClientThatStopsReadingIsAbortedAfterTheSendTimeout() throws IOException {
        Files.write(docroot.resolve("mid.bin"), new byte[FileProducer.CHUNK * 4]);
        Resource root = new Resource();
        root.putChild("files", new File(docroot));
        Harness h = new Harness(root, HttpSettings.defaults().withSendTimeout(java.time.Duration.ofSeconds(5)));
        h.send("GET /files/mid.bin HTTP/1.1\r\nHost: h\r\n\r\n");
        PullProducer p = (PullProducer) h.transport.producer().orElseThrow();
        p.resumeProducing(); // the client took one chunk...
        h.clock.advance(4.9);
        p.resumeProducing(); // ...and another, just in time
        h.clock.advance(4.9);
        assertEquals(io.torsion.testing.StringTransport.ConnectionState.CONNECTED, h.transport.connectionState());
        h.clock.advance(0.2); // then nothing for 5 s
        assertEquals(io.torsion.testing.StringTransport.ConnectionState.ABORTED, h.transport.connectionState());
    }

    @Test
    void sendTimerStopsWhenTheResponseIsDone() {
        Harness h = get(new File(docroot), "/files/a.txt");
        h.clock.advance(59);
        assertEquals(io.torsion.testing.StringTransport.ConnectionState.CONNECTED, h.transport.connectionState());
        assertTrue(h.clock.getDelayedCalls().size() == 1, "only the idle timer is left: " + h.clock.getDelayedCalls());
    }
}
