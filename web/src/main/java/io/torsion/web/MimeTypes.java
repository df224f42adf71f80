package io.torsion.web;

import java.util.Locale;
import java.util.Map;

/**
 * The built-in table of content types by file extension, the same on every platform (Twisted's
 * {@code static.loadMimeTypes}, which reads the system's tables; the JDK's {@code probeContentType}
 * differs by platform).
 */
final class MimeTypes {
    private MimeTypes() {
    }

    static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("avif", "image/avif"),
            Map.entry("bmp", "image/bmp"), Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"), Map.entry("tar", "application/x-tar"),
            Map.entry("jar", "application/java-archive"), Map.entry("wasm", "application/wasm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"), Map.entry("otf", "font/otf"),
            Map.entry("java", "text/plain; charset=utf-8"), Map.entry("py", "text/plain; charset=utf-8"),
            Map.entry("sh", "text/plain; charset=utf-8"), Map.entry("c", "text/plain; charset=utf-8"),
            Map.entry("h", "text/plain; charset=utf-8"), Map.entry("yaml", "text/plain; charset=utf-8"),
            Map.entry("yml", "text/plain; charset=utf-8"), Map.entry("toml", "text/plain; charset=utf-8"));

    /** Returns the type for {@code fileName}'s extension, ignoring case, or {@link #DEFAULT}. */
    static String forName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return DEFAULT;
        }
        return TYPES.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
