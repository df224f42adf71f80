package io.torsion.cli;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses the file in the output folder that {@code torsion get -o DIR} saves a URL's body to: the
 * URL's last path segment (percent-decoded), {@code index.html} when that is empty, made unique
 * within one run and against files already there by appending {@code .1}, {@code .2}, ... as wget
 * does.
 *
 * <p>A segment that could name something outside the folder ({@code ..}, {@code .}, or one holding
 * a slash, backslash or NUL once decoded) is refused, never rewritten.
 *
 * <p>Threading: reactor thread only (it remembers the names it handed out, unsynchronized).
 */
final class SaveNames {
    /** The name used when the URL's path ends with a slash or is empty. */
    static final String INDEX = "index.html";

    private final Path dir;
    private final Set<String> taken = new HashSet<>();

    SaveNames(Path dir) {
        this.dir = dir;
    }

    /**
     * Returns a file in the folder, not yet handed out and not existing now, for {@code url}.
     *
     * @param url the URL as the user typed it
     * @return the file to create
     * @throws UnsafeNameError if the URL's last segment would leave the folder
     */
    Path pick(String url) throws UnsafeNameError {
        String base = lastSegment(url);
        if (base.equals(".") || base.equals("..") || base.indexOf('/') >= 0 || base.indexOf('\\') >= 0
                || base.indexOf('\0') >= 0) {
            throw new UnsafeNameError("refusing to save as \"" + base + "\": it would leave " + dir);
        }
        String name = base;
        for (int n = 1; taken.contains(name) || Files.exists(dir.resolve(name)); n++) {
            name = base + "." + n;
        }
        Path file = dir.resolve(name);
        // Belt and braces: whatever the checks above missed, the file must sit directly in dir.
        if (!dir.equals(file.getParent()) || !file.normalize().equals(file)) {
            throw new UnsafeNameError("refusing to save as \"" + base + "\": it would leave " + dir);
        }
        taken.add(name);
        return file;
    }

    /**
     * The last segment of the URL's raw path, percent-decoded after splitting (so an encoded slash
     * stays inside the segment and is refused); the text after the last slash if it is not a URI.
     */
    static String lastSegment(String url) {
        String path;
        try {
            path = new URI(url).getRawPath();
        } catch (URISyntaxException e) {
            path = url;
        }
        if (path == null) {
            return INDEX;
        }
        String segment = decode(path.substring(path.lastIndexOf('/') + 1));
        return segment.isEmpty() ? INDEX : segment;
    }

    /** Percent-decodes as UTF-8; a malformed escape is kept as typed. */
    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Says that a URL's file name would escape the output folder.
     *
     * <p>Threading: immutable.
     */
    static final class UnsafeNameError extends Exception {
        private static final long serialVersionUID = 1L;

        UnsafeNameError(String message) {
            super(message, null, false, false);
        }
    }
}
