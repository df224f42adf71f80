package io.torsion.web;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers, per served path, the response headers derived from a file's size and modification
 * time (ETag, formatted Last-Modified, content type), so that a request pays one {@code stat}
 * instead of formatting them again.
 *
 * <p>An entry is reused only when the {@code stat} made for the current request reports the same
 * size, modification time and file key as when the entry was made; otherwise it is rebuilt. The
 * values are a pure function of those inputs, so a changed file gets a new ETag and
 * Last-Modified at once and conditional requests stay correct. At most {@link #MAX_ENTRIES}
 * paths are kept (least recently used dropped).
 *
 * <p>Threading: reactor thread only (shared by a {@link File} and the children it makes).
 */
final class FileMetadata {
    static final int MAX_ENTRIES = 1024;

    /** The validators and type of one version of a file. */
    record Entry(long size, FileTime modified, Object fileKey, long mtimeMillis, String etag,
            String lastModified, String contentType) {
        boolean matches(BasicFileAttributes attrs) {
            return size == attrs.size() && modified.equals(attrs.lastModifiedTime())
                    && Objects.equals(fileKey, attrs.fileKey());
        }
    }

    private final Map<Path, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

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
                MimeTypes.forName(path.getFileName().toString()));
        entries.put(path, e);
        return e;
    }

    int size() {
        return entries.size();
    }
}
