package io.torsion.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Remembers, per served path, the response headers derived from a file's size and modification
 * time (ETag, formatted Last-Modified, content type) and, for a small file that has not changed
 * for a while, its content, so that a request pays one {@code stat} instead of formatting the
 * headers again and opening and reading the file.
 *
 * <p>An entry is reused only when the {@code stat} made for the current request reports the same
 * size, modification time and file key as when the entry was made; otherwise it is rebuilt. The
 * values are a pure function of those inputs, so a changed file gets a new ETag and
 * Last-Modified at once and conditional requests stay correct. At most {@link #MAX_ENTRIES}
 * paths are kept (least recently used dropped).
 *
 * <p>Content is kept only for files of at most {@link #MAX_CACHED_FILE} bytes, up to
 * {@link #MAX_CACHED_BYTES} in all, and only when the file's modification time was at least
 * {@link #SETTLE_MILLIS} in the past when it was read. That last rule is git's answer to "racy"
 * files: a file system stores modification times coarsely (a clock tick on Linux, 2 s on FAT), so
 * two writes of the same size close together can leave size, time and file key all unchanged. A
 * write made after the content was cached gets a later time than the cached one, since the
 * cached one had already settled, and the next {@code stat} sees it. A file replaced by another
 * (a rename over it) has a new file key. What no {@code stat} can see is a write that puts the
 * old size back and sets the modification time back by hand; the ETag would not change either.
 *
 * <p>Threading: reactor thread only (shared by a {@link File} and the children it makes).
 */
final class FileMetadata {
    static final int MAX_ENTRIES = 1024;
    /** The largest file whose content is kept. */
    static final int MAX_CACHED_FILE = File.SMALL_BODY;
    /** The most content kept, over all files. */
    static final long MAX_CACHED_BYTES = 8L << 20;
    /** How long a file's modification time must lie in the past for its content to be kept. */
    static final long SETTLE_MILLIS = 2_000;

    /**
     * The validators and type of one version of a file, and its content when kept (never
     * modified once stored: the same array is handed to every response).
     */
    record Entry(long size, FileTime modified, Object fileKey, long mtimeMillis, String etag,
            String lastModified, String contentType, byte[] content) {
        boolean matches(BasicFileAttributes attrs) {
            return size == attrs.size() && modified.equals(attrs.lastModifiedTime())
                    && Objects.equals(fileKey, attrs.fileKey());
        }

        private long contentBytes() {
            return content == null ? 0 : content.length;
        }
    }

    private final LongSupplier wallClock;
    private long cachedBytes;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            if (size() > MAX_ENTRIES) {
                cachedBytes -= eldest.getValue().contentBytes();
                return true;
            }
            return false;
        }
    };

    FileMetadata() {
        this(System::currentTimeMillis);
    }

    /** With {@code wallClock} (milliseconds since the epoch) deciding when a file has settled. */
    FileMetadata(LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    /** Returns the entry for {@code path} as {@code attrs} (just read) describe it. */
    Entry lookup(Path path, BasicFileAttributes attrs) {
        Entry e = entries.get(path);
        if (e != null && e.matches(attrs)) {
            return e;
        }
        long size = attrs.size();
        FileTime modified = attrs.lastModifiedTime();
        long mtimeMillis = modified.toMillis();
        e = new Entry(size, modified, attrs.fileKey(), mtimeMillis,
                "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtimeMillis) + "\"",
                HttpSyntax.httpDate(Instant.ofEpochMilli(mtimeMillis)),
                MimeTypes.forName(path.getFileName().toString()), null);
        put(path, e);
        return e;
    }

    /**
     * Returns the whole content of {@code path} as {@code entry} (from {@link #lookup} for this
     * request) describes it: the kept copy, or else read now, and kept if the file is small and
     * settled. The caller must not modify the array.
     *
     * @throws IOException if the file cannot be read or is shorter than the entry's size
     */
    byte[] content(Path path, Entry entry) throws IOException {
        if (entry.content() != null) {
            return entry.content();
        }
        if (entry.size() > Integer.MAX_VALUE - 8) {
            throw new IOException("too large to read at once: " + path);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) entry.size());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (channel.read(buf, buf.position()) < 0) {
                    throw new IOException("the file shrank between stat and read: " + path);
                }
            }
        }
        byte[] bytes = buf.array();
        // Kept only under the entry made from this request's stat: if the file changes while it
        // is read, the change gets a later time, the next stat differs and the entry is replaced.
        if (bytes.length <= MAX_CACHED_FILE && cachedBytes + bytes.length <= MAX_CACHED_BYTES
                && entry.mtimeMillis() <= wallClock.getAsLong() - SETTLE_MILLIS && entries.get(path) == entry) {
            put(path, new Entry(entry.size(), entry.modified(), entry.fileKey(), entry.mtimeMillis(), entry.etag(),
                    entry.lastModified(), entry.contentType(), bytes));
        }
        return bytes;
    }

    private void put(Path path, Entry e) {
        Entry old = entries.put(path, e);
        cachedBytes += e.contentBytes() - (old == null ? 0 : old.contentBytes());
    }

    int size() {
        return entries.size();
    }

    /** The bytes of content kept, over all entries. */
    long cachedBytes() {
        return cachedBytes;
    }
}
