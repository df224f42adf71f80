package io.torsion.web;

/**
 * A parsed, validated request head: what {@link HttpParser} hands to the channel.
 *
 * @param method the method token, e.g. {@code GET}
 * @param target the request target as sent (origin-form path and query, {@code *}, or absolute-form)
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1 (and any higher 1.x, served as 1.1)
 * @param headers the header fields
 * @param framing how the body is framed
 * @param contentLength the body length when framing is {@link Framing#LENGTH}, else 0
 */
record RequestHead(String method, String target, int minorVersion, Headers headers, Framing framing,
        long contentLength) {
    /** How a request body is delimited (RFC 9112 §6.3). */
    enum Framing {
        /** No body. */
        NONE,
        /** Exactly {@code Content-Length} bytes. */
        LENGTH,
        /** Chunked transfer coding. */
        CHUNKED
    }
}
