package io.torsion.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames one response on the wire: the status line and headers, then the body as fixed-length,
 * chunked or close-delimited, optionally gzip-encoded (the writing half of Twisted's
 * {@code http.Request}). Decides persistence per RFC 9112 §9.3.
 */
final class ResponseWriter {
    /** The type of a body whose resource set none, as Twisted's {@code Request.defaultContentType}. */
    static final String DEFAULT_CONTENT_TYPE = "text/html";
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] STATUS_PREFIX = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpChannel channel;
    private final RequestHead head;
    private boolean headSent;
    private boolean chunked;
    private boolean persistent;
    private boolean gzipOffered;
    private GzipStream gzip;
    private long bodyBytesSent;

    ResponseWriter(HttpChannel channel, RequestHead head) {
        this.channel = channel;
        this.head = head;
        Headers h = head.headers();
        this.persistent = head.minorVersion() == 1 ? !h.hasToken("Connection", "close")
                : h.hasToken("Connection", "keep-alive");
    }

    boolean headSent() {
        return headSent;
    }

    boolean persistent() {
        return persistent;
    }

    long bodyBytesSent() {
        return bodyBytesSent;
    }

    void offerGzip() {
        gzipOffered = true;
    }

    static boolean statusHasBody(int code) {
        return !(code < 200 || code == 204 || code == 304);
    }

    /** Sends the head; {@code finishing} means no body write came first. */
    void sendHead(int code, String message, Headers headers, boolean finishing) {
        headSent = true;
        boolean isHead = head.method().equals("HEAD");
        boolean hasBody = statusHasBody(code);
        if (gzipOffered && !finishing && hasBody && code != 206 && !isHead && !headers.hasHeader("Content-Encoding")
                && GzipStream.compressible(headers.getLast("Content-Type").orElse(""))) {
            headers.removeHeader("Content-Length");
            headers.setRawHeaders("Content-Encoding", List.of("gzip"));
            headers.addRawHeader("Vary", "Accept-Encoding");
            gzip = new GzipStream();
        }
        if (hasBody && !headers.hasHeader("Content-Type")) {
            headers.setRawHeaders("Content-Type", List.of(DEFAULT_CONTENT_TYPE)); // Twisted's defaultContentType
        }
        if (headers.hasToken("Connection", "close")) {
            persistent = false;
        }
        if (!headers.hasHeader("Content-Length") && hasBody && !isHead) {
            if (finishing) {
                headers.setRawHeaders("Content-Length", List.of("0"));
            } else if (head.minorVersion() == 1) {
                chunked = true;
                headers.setRawHeaders("Transfer-Encoding", List.of("chunked"));
            } else {
                persistent = false; // HTTP/1.0 without a length: the close ends the body
            }
        }
        if (!persistent) {
            headers.setRawHeaders("Connection", List.of("close"));
        } else if (head.minorVersion() == 0) {
            headers.setRawHeaders("Connection", List.of("keep-alive"));
        }
        if (!headers.hasHeader("Date")) {
            headers.setRawHeaders("Date", List.of(channel.httpDate()));
        }
        if (!headers.hasHeader("Server")) {
            headers.setRawHeaders("Server", List.of("Torsion"));
        }
        channel.transport().write(serialize(code, message, headers));
    }

    /**
     * The status line and fields as ISO-8859-1 bytes, built in one array with no intermediate
     * String; a character above U+00FF becomes {@code ?}, as {@code String.getBytes} would make it.
     */
    static byte[] serialize(int code, String message, Headers headers) {
        int length = STATUS_PREFIX.length + 4 + message.length() + 4;
        for (int i = 0; i < headers.size(); i++) {
            int nameLength = headers.name(i).length();
            for (String value : headers.values(i)) {
                length += nameLength + 2 + value.length() + 2;
            }
        }
        byte[] out = new byte[length];
        System.arraycopy(STATUS_PREFIX, 0, out, 0, STATUS_PREFIX.length);
        int n = STATUS_PREFIX.length;
        out[n++] = (byte) ('0' + code / 100); // 100 to 599: Request.setResponseCode checks
        out[n++] = (byte) ('0' + code / 10 % 10);
        out[n++] = (byte) ('0' + code % 10);
        out[n++] = ' ';
        n = putLatin1(message, out, n);
        out[n++] = '\r';
        out[n++] = '\n';
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            for (String value : headers.values(i)) {
                n = putLatin1(name, out, n);
                out[n++] = ':';
                out[n++] = ' ';
                n = putLatin1(value, out, n);
                out[n++] = '\r';
                out[n++] = '\n';
            }
        }
        out[n++] = '\r';
        out[n++] = '\n';
        return out;
    }

    private static int putLatin1(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[at + i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return at + s.length();
    }

    /** Sends a piece of the body (the head must have gone). */
    void writeBody(byte[] data) {
        send(gzip == null ? data : gzip.encode(data));
    }

    /** Ends the body: flushes the encoder and sends the last chunk. */
    void end() {
        if (gzip != null) {
            send(gzip.finish());
        }
        if (chunked) {
            channel.transport().write(LAST_CHUNK);
        }
    }

    private void send(byte[] data) {
        if (data.length == 0) {
            return; // an empty chunk would end a chunked body
        }
        bodyBytesSent += data.length;
        if (chunked) {
            byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            channel.transport().writeSequence(List.of(size, data, CRLF));
        } else {
            channel.transport().write(data);
        }
    }
}
