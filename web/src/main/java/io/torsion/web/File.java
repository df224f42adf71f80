package io.torsion.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Serves a file, or a directory tree, from the file system (Twisted's {@code twisted.web.static.File}).
 *
 * <p>A directory answers with its first existing index file ({@link #DEFAULT_INDEX_NAMES}) or an
 * HTML-escaped listing; a request for a directory without the trailing slash is redirected to it
 * (301), as Twisted's {@code addSlash}. A file answers {@code GET} and {@code HEAD} with a content
 * type from a built-in table (unknown extensions get {@code application/octet-stream}, where Twisted
 * defaults to {@code text/html}), {@code Last-Modified} and a strong {@code ETag}; a matching
 * {@code If-None-Match} or, without one, a not-older {@code If-Modified-Since} gets 304. A {@code Range}
 * ({@code bytes=a-b}, {@code a-}, {@code -n}) gets 206, several get a 206
 * {@code multipart/byteranges} body, an unsatisfiable one 416; a malformed {@code Range}, or one
 * with more than 16 ranges, is ignored and the whole file sent (RFC 9110 §14.2 allows that).
 *
 * <p>Path traversal is refused: the segments {@code .} and {@code ..}, segments containing
 * {@code /}, {@code \} or NUL once percent-decoded ({@code %2e%2e}, {@code %2f}), and, unless
 * {@link #allowingSymlinksOutsideRoot()} was used, any path whose real location (symlinks
 * resolved) is outside the root all get 404.
 *
 * <p>A body of at most {@value #SMALL_BODY} bytes is read whole and written at once; a larger one
 * streams through a pull producer that reads {@value FileProducer#CHUNK} bytes each time the
 * connection's write buffer drains, on the reactor thread: memory stays bounded for any file size.
 * Each request {@code stat}s the file once (the {@code lstat} that checks it is no symbolic link
 * serves); the validators and content type derived from its size and modification time, and the
 * content of a small file that has not changed for two seconds, are cached per path and dropped as
 * soon as its size, modification time or identity (inode) changes. Metadata lookups
 * ({@code stat}, directory listings) also run on the reactor thread; they are short on local disks
 * but may block on network file systems.
 *
 * <p>Threading: reactor thread only. A {@code File} and the children it makes share one cache
 * that is not synchronised, so they belong to one reactor: with a {@code ReactorGroup}, give each
 * reactor its own {@code File} (as {@code torsion web --threads N} does).
 */
public class File extends Resource {
    /** The index files looked for in a directory, in order (Twisted's {@code indexNames}, without {@code .rpy}). */
    public static final List<String> DEFAULT_INDEX_NAMES = List.of("index.html", "index.htm");

    /** Bodies up to this many bytes are read whole and written at once instead of through a producer. */
    static final int SMALL_BODY = FileProducer.CHUNK;

    private final Path path;
    private final Path root;
    private final List<String> indexNames;
    private final boolean symlinksOutsideRoot;
    private final FileMetadata metadata;
    private final Resolution resolution;
    /** What the lstat made by {@link #getChild} for {@link #statFor} said about {@link #path}, or null. */
    private final BasicFileAttributes stat;
    private final Request statFor;

    /** Whether {@link #path} is known to be its own real path (no symbolic link anywhere in it). */
    private enum Resolution { REAL, UNRESOLVED }

    /**
     * Serves {@code path} (a file or a directory, which becomes the root no request may leave).
     *
     * @param path the file or directory
     * @throws IllegalArgumentException if it does not exist
     */
    public File(Path path) {
        this(realPath(path), realPath(path), DEFAULT_INDEX_NAMES, false, new FileMetadata(), Resolution.REAL,
                null, null);
    }

    private File(Path path, Path root, List<String> indexNames, boolean symlinksOutsideRoot, FileMetadata metadata,
            Resolution resolution, BasicFileAttributes stat, Request statFor) {
        this.path = path;
        this.root = root;
        this.indexNames = List.copyOf(indexNames);
        this.symlinksOutsideRoot = symlinksOutsideRoot;
        this.metadata = metadata;
        this.resolution = resolution;
        this.stat = stat;
        this.statFor = statFor;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serve " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a copy that looks for {@code names} as index files instead of the defaults.
     *
     * @param names file names, tried in order
     * @return the copy
     */
    public File withIndexNames(List<String> names) {
        return new File(path, root, names, symlinksOutsideRoot, metadata, resolution, null, null);
    }

    /**
     * Returns a copy that follows symbolic links even when they lead outside the root.
     *
     * @return the copy
     */
    public File allowingSymlinksOutsideRoot() {
        return new File(path, root, indexNames, true, metadata, resolution, null, null);
    }

    /**
     * Returns the path this resource serves.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /** The cache of validators and small contents this File shares with the children it makes. */
    FileMetadata metadata() {
        return metadata;
    }

    /**
     * Returns the file or directory named {@code segment} in this directory, or a 404 page when it
     * does not exist or would leave the root.
     *
     * @param segment the decoded path segment
     * @param request the request
     * @return the child resource
     */
    @Override
    public Resource getChild(String segment, Request request) {
        if (segment.isEmpty()) {
            return Files.isDirectory(path) ? this : new NoResource();
        }
        // No isDirectory(path) check for a named child: when path is not a directory, the lstat
        // below fails (ENOTDIR) and the answer is the same 404, one system call cheaper.
        if (segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0
                || segment.indexOf('\0') >= 0) {
            return new NoResource();
        }
        // path is normalised (a real path, or one built from it by adding names like this one) and
        // the segment is one name, neither . nor ..: the child needs no normalize(). The prefix
        // check stays as a second guard.
        Path child = path.resolve(segment);
        if (!child.startsWith(path)) {
            return new NoResource();
        }
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new NoResource(); // missing, or not readable
        }
        if (!own.isSymbolicLink() && resolution == Resolution.REAL) {
            // A plain entry of a directory whose path is real is real itself, and inside the root
            // because this directory is: one lstat instead of realpath(3)'s walk over every component.
            // Not a link, so the lstat says what a stat would: rendering this request reuses it.
            return new File(child, root, indexNames, symlinksOutsideRoot, metadata, Resolution.REAL, own, request);
        }
        if (!symlinksOutsideRoot) {
            try {
                if (!child.toRealPath().startsWith(root)) {
                    return new NoResource();
                }
            } catch (IOException e) {
                return new NoResource(); // a dangling link
            }
        } else if (!Files.exists(child)) {
            return new NoResource();
        }
        return new File(child, root, indexNames, symlinksOutsideRoot, metadata, Resolution.UNRESOLVED, null, null);
    }

    /**
     * Serves the file, or the directory's index or listing.
     *
     * @param request the request
     * @return the response
     * @throws IOException if the file cannot be read; the client gets a 500
     */
    @Override
    protected RenderResult renderGET(Request request) throws IOException {
        // The lstat of getChild is fresh only for the request that made it; a File kept and
        // rendered again stats anew.
        BasicFileAttributes attrs = stat != null && statFor == request ? stat
                : Files.readAttributes(path, BasicFileAttributes.class);
        if (attrs.isDirectory()) {
            if (!request.getPath().endsWith("/")) {
                request.setResponseCode(301);
                request.setHeader("Location", request.getPath() + "/");
                return RenderResult.body(new byte[0]);
            }
            for (String name : indexNames) {
                Path index = path.resolve(name);
                if (Files.isRegularFile(index)) {
                    if (getChild(name, request) instanceof File indexFile) {
                        return indexFile.renderGET(request);
                    }
                }
            }
            return listing(request);
        }
        return serveFile(request, attrs);
    }

    private RenderResult serveFile(Request request, BasicFileAttributes attrs) throws IOException {
        FileMetadata.Entry meta = metadata.lookup(path, attrs);
        long size = meta.size();
        String etag = meta.etag();
        request.setHeader("ETag", etag);
        request.setHeader("Last-Modified", meta.lastModified());
        request.setHeader("Accept-Ranges", "bytes");
        request.setHeader("Content-Type", meta.contentType());
        if (notModified(request, etag, meta.mtimeMillis() / 1000)) {
            request.setResponseCode(304);
            return RenderResult.body(new byte[0]);
        }
        List<FileProducer.Piece> pieces = List.of(new FileProducer.Span(0, size));
        long length = size;
        String range = request.getHeader("Range").orElse("");
        ByteRanges.Result ranges = range.isEmpty() ? new ByteRanges.Ignore() : ByteRanges.parse(range, size);
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            request.setResponseCode(416);
            request.setHeader("Content-Range", "bytes */" + size);
            request.setHeader("Content-Type", "text/html; charset=utf-8");
            return RenderResult.body(HttpStatus.page(416, "The requested range is not satisfiable."));
        }
        if (ranges instanceof ByteRanges.Satisfiable ok && ok.spans().size() == 1) {
            ByteRanges.Span span = ok.spans().get(0);
            request.setResponseCode(206);
            request.setHeader("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + size);
            pieces = List.of(new FileProducer.Span(span.first(), span.length()));
            length = span.length();
        } else if (ranges instanceof ByteRanges.Satisfiable ok) {
            String type = meta.contentType();
            String boundary = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            List<FileProducer.Piece> parts = new ArrayList<>();
            length = 0;
            for (ByteRanges.Span span : ok.spans()) {
                byte[] head = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes "
                        + span.first() + "-" + span.last() + "/" + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                parts.add(new FileProducer.Literal(head));
                parts.add(new FileProducer.Span(span.first(), span.length()));
                length += head.length + span.length();
            }
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
            parts.add(new FileProducer.Literal(tail));
            length += tail.length;
            pieces = parts;
            request.setResponseCode(206);
            request.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
        }
        request.setHeader("Content-Length", Long.toString(length));
        if (request.getMethod().equals("HEAD") || length == 0) {
            request.write(new byte[0]);
            request.finish();
            return RenderResult.notDoneYet();
        }
        if (length <= SMALL_BODY && pieces.size() == 1 && pieces.get(0) instanceof FileProducer.Span span) {
            // A small body goes out in one write, with no producer to register. A small file is
            // read whole or taken from the metadata cache, which keeps small settled files.
            if (size <= SMALL_BODY) {
                byte[] content = metadata.content(path, meta);
                request.write(span.length() == content.length ? content
                        : Arrays.copyOfRange(content, (int) span.start(), (int) (span.start() + span.length())));
            } else {
                request.write(readSpan(span));
            }
            request.finish();
            return RenderResult.notDoneYet();
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        new FileProducer(request, channel, pieces).start();
        return RenderResult.notDoneYet();
    }

    private byte[] readSpan(FileProducer.Span span) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) span.length());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (channel.read(buf, span.start() + buf.position()) < 0) {
                    throw new IOException("the file shrank between stat and read: " + path);
                }
            }
        }
        return buf.array();
    }

    private static boolean notModified(Request request, String etag, long mtimeSeconds) {
        var inm = request.getRequestHeaders().getRawHeaders("If-None-Match");
        if (!inm.isEmpty()) {
            for (String value : inm) {
                for (String tag : value.split(",")) {
                    String t = tag.trim();
                    if (t.startsWith("W/")) {
                        t = t.substring(2); // weak comparison, RFC 9110 §13.1.2
                    }
                    if (t.equals("*") || t.equals(etag)) {
                        return true;
                    }
                }
            }
            return false;
        }
        String ims = request.getHeader("If-Modified-Since").orElse("");
        if (ims.isEmpty()) {
            return false;
        }
        try {
            long since = ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
            return mtimeSeconds <= since;
        } catch (DateTimeParseException e) {
            return false; // RFC 9110 §13.1.3: an invalid date is ignored
        }
    }

    private RenderResult listing(Request request) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            entries.forEach(p -> names.add(p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")));
        }
        names.sort(null);
        String title = "Directory listing for " + UrlCoding.unquote(request.getPath(), false);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(HttpStatus.escapeHtml(title)).append("</title></head><body><h1>")
                .append(HttpStatus.escapeHtml(title)).append("</h1><ul>\n");
        for (String name : names) {
            String bare = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            String href = URLEncoder.encode(bare, StandardCharsets.UTF_8).replace("+", "%20")
                    + (name.endsWith("/") ? "/" : "");
            sb.append("<li><a href=\"").append(HttpStatus.escapeHtml(href)).append("\">")
                    .append(HttpStatus.escapeHtml(name)).append("</a></li>\n");
        }
        sb.append("</ul></body></html>\n");
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return RenderResult.body(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "File(" + Objects.toString(path) + ")";
    }
}
