package io.torsion.web.client;

/**
 * Tells a caller that the server's response broke HTTP/1.1's syntax or framing (Twisted's
 * {@code ParseError} / {@code BadHeaders}); {@link #kind()} says which rule. The connection is
 * closed and the reactor carries on.
 *
 * <p>Threading: immutable.
 */
public class BadResponseError extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which part of the response was malformed. */
    public enum Kind {
        /** The status line is not {@code HTTP/1.x NNN phrase}. */
        STATUS_LINE,
        /** A header line is not {@code name: value} with a token name and no control characters. */
        HEADER,
        /** The status line, one header line or the whole header block exceeds its limit. */
        HEADERS_TOO_LONG,
        /** {@code Content-Length} is not plain digits, overflows, or has differing values. */
        CONTENT_LENGTH,
        /** A chunk-size line is not plain hex, overflows, or a chunk is not followed by CRLF. */
        CHUNK,
        /** The connection ended in the middle of a framed body or head. */
        TRUNCATED
    }

    private final Kind kind;

    /**
     * Creates the error.
     *
     * @param kind which rule was broken
     * @param message what was seen, for people
     */
    public BadResponseError(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    /**
     * Returns which rule the response broke.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
