package io.torsion.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Parses HTTP/1.1 requests incrementally and strictly per RFC 9112, one message at a time
 * (the parsing half of Twisted's {@code HTTPChannel}).
 *
 * <p>Lifecycle: 1. {@link #feed} bytes; the parser reports {@code headReceived}, then
 * {@code bodyReceived} zero or more times, then {@code messageReceived}, and stops in
 * {@link State#MESSAGE_DONE}, buffering whatever follows. 2. {@link #nextMessage()} starts on the
 * buffered bytes of the next request. Any framing error reports {@code parseFailed} once and
 * moves to the final {@link State#FAILED}: later input is discarded, so no input can make one
 * request read as two.
 *
 * <p>The scanner remembers where it stopped ({@code scan}) and never rescans bytes it has
 * checked; every limit is checked while scanning.
 */
final class HttpParser {
    /** Where the parser is in the message. */
    enum State {
        REQUEST_LINE, HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, MESSAGE_DONE, FAILED
    }

    /** Receives what the parser finds. Called synchronously from {@link #feed}/{@link #nextMessage}. */
    interface Listener {
        void headReceived(RequestHead head);

        void bodyReceived(byte[] data);

        void messageReceived();

        void parseFailed(int status, String message);
    }

    static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH");

    private static final int NEED_MORE = -1;

    private final HttpSettings settings;
    private final Listener listener;
    private State state = State.REQUEST_LINE;

    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    /** Absolute index in buf up to which the current line has been checked. */
    private int scan;
    private boolean parsing;

    // per message
    private String method;
    private String target;
    private int minor;
    private Headers headers;
    private int headerBytes;
    private int headerCount;
    private long remaining;
    private long bodySoFar;

    HttpParser(HttpSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    State state() {
        return state;
    }

    /** Bytes received and not yet consumed. */
    int buffered() {
        return end - start;
    }

    /** Tells whether some bytes of the next (or current) request have been seen. */
    boolean inMessage() {
        return state != State.REQUEST_LINE || end > start;
    }

    void feed(byte[] data) {
        if (state == State.FAILED) {
            return;
        }
        append(data);
        if (state != State.MESSAGE_DONE) {
            parse();
        }
    }

    void nextMessage() {
        if (state != State.MESSAGE_DONE) {
            throw new IllegalStateException("nextMessage in state " + state);
        }
        state = State.REQUEST_LINE;
        if (!parsing) {
            parse(); // from inside a listener call, the running loop carries on instead
        }
    }

    private void append(byte[] data) {
        if (end + data.length > buf.length) {
            int live = end - start;
            if (live + data.length <= buf.length / 2 || (start > 0 && live + data.length <= buf.length)) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + data.length)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            }
            scan -= start;
            end = live;
            start = 0;
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    private void parse() {
        parsing = true;
        try {
            parseLoop();
        } finally {
            parsing = false;
        }
    }

    private void parseLoop() {
        boolean progress = true;
        while (progress && state != State.MESSAGE_DONE && state != State.FAILED) {
            progress = switch (state) {
                case REQUEST_LINE -> requestLine();
                case HEADERS -> headerLine();
                case BODY_LENGTH -> bodyLength();
                case CHUNK_SIZE -> chunkSize();
                case CHUNK_DATA -> chunkData();
                case CHUNK_DATA_END -> chunkDataEnd();
                case TRAILERS -> trailer();
                case MESSAGE_DONE, FAILED -> false;
            };
        }
    }

    private boolean fail(int status, String message) {
        state = State.FAILED;
        start = end = scan = 0;
        buf = new byte[0];
        listener.parseFailed(status, message);
        return false;
    }

    /**
     * Finds the CR of the CRLF ending the line that starts at {@code start}, checking from
     * {@code scan}; fails on bare CR, bare LF or a line longer than {@code limit}.
     */
    private int lineEnd(int limit, int tooLongStatus, String what) {
        while (scan < end) {
            byte b = buf[scan];
            if (b == '\n') {
                return fail(400, "bare LF in " + what) ? 0 : NEED_MORE;
            }
            if (b == '\r') {
                if (scan + 1 == end) {
                    break;
                }
                if (buf[scan + 1] != '\n') {
                    return fail(400, "bare CR in " + what) ? 0 : NEED_MORE;
                }
                return scan;
            }
            scan++;
            if (scan - start > limit) {
                return fail(tooLongStatus, what + " too long (limit " + limit + " bytes)") ? 0 : NEED_MORE;
            }
        }
        // No length check here: every counted byte was checked above, so the verdict never
        // depends on where the input was cut (a fuzzer found that it did).
        return NEED_MORE;
    }

    private String takeLine(int cr) {
        String line = new String(buf, start, cr - start, StandardCharsets.ISO_8859_1);
        start = cr + 2;
        scan = start;
        return line;
    }

    private boolean requestLine() {
        int cr = lineEnd(settings.maxRequestLine(), 414, "request line");
        if (cr == NEED_MORE) {
            return false;
        }
        String line = takeLine(cr);
        if (line.isEmpty()) {
            return true; // RFC 9112 §2.2: ignore empty lines before a request line
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            return fail(400, "malformed request line");
        }
        String m = line.substring(0, sp1);
        String t = line.substring(sp1 + 1, sp2);
        String v = line.substring(sp2 + 1);
        if (!HttpSyntax.isToken(m)) {
            return fail(400, "method is not a token");
        }
        if (t.isEmpty() || !HttpSyntax.isTarget(t)) {
            return fail(400, "bad request target");
        }
        if (v.length() != 8 || !v.startsWith("HTTP/") || !isDigit(v.charAt(5)) || v.charAt(6) != '.'
                || !isDigit(v.charAt(7))) {
            return fail(400, "malformed HTTP version");
        }
        if (v.charAt(5) != '1') {
            return fail(505, "HTTP version not supported");
        }
        if (!KNOWN_METHODS.contains(m)) {
            return fail(501, "unknown method");
        }
        if (!(t.startsWith("/") || (t.equals("*") && m.equals("OPTIONS")) || HttpSyntax.isAbsoluteForm(t))) {
            return fail(400, "bad request target form");
        }
        method = m;
        target = t;
        minor = v.charAt(7) == '0' ? 0 : 1;
        headers = new Headers();
        headerBytes = 0;
        headerCount = 0;
        state = State.HEADERS;
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean headerLine() {
        int lineStart = start;
        // The block budget is enforced while scanning, so trickled bytes cannot pile up.
        int budget = settings.maxHeaderBytes() - headerBytes - 2;
        int cr = budget < settings.maxHeaderLine() ? lineEnd(budget, 431, "header block")
                : lineEnd(settings.maxHeaderLine(), 431, "header line");
        if (cr == NEED_MORE) {
            return false;
        }
        headerBytes += cr + 2 - lineStart;
        if (headerBytes > settings.maxHeaderBytes()) {
            return fail(431, "header block longer than " + settings.maxHeaderBytes() + " bytes");
        }
        String line = takeLine(cr);
        if (line.isEmpty()) {
            return headersDone();
        }
        if (++headerCount > settings.maxHeaderCount()) {
            return fail(431, "more than " + settings.maxHeaderCount() + " header fields");
        }
        char first = line.charAt(0);
        if (first == ' ' || first == '\t') {
            return fail(400, "obsolete line folding");
        }
        int colon = line.indexOf(':');
        String name = colon <= 0 ? "" : line.substring(0, colon);
        if (!HttpSyntax.isToken(name)) {
            return fail(400, "bad header name");
        }
        String value = HttpSyntax.trimOws(line.substring(colon + 1));
        if (!HttpSyntax.isFieldValue(value)) {
            return fail(400, "control character in header value");
        }
        headers.addRawHeader(name, value);
        return true;
    }

    private boolean headersDone() {
        var hosts = headers.getRawHeaders("Host");
        if (hosts.size() > 1 || (minor == 1 && hosts.size() != 1)) {
            return fail(400, "a request needs exactly one Host header");
        }
        if (hosts.size() == 1 && !HttpSyntax.isHost(hosts.get(0))) {
            return fail(400, "bad Host header");
        }
        RequestHead.Framing framing = RequestHead.Framing.NONE;
        long length = 0;
        boolean hasTe = headers.hasHeader("Transfer-Encoding");
        boolean hasCl = headers.hasHeader("Content-Length");
        if (hasTe && hasCl) {
            return fail(400, "both Transfer-Encoding and Content-Length");
        }
        if (hasTe) {
            if (minor == 0) {
                return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            String verdict = HttpSyntax.checkTransferEncoding(headers.getRawHeaders("Transfer-Encoding"));
            if (!verdict.isEmpty()) {
                return fail(verdict.startsWith("501") ? 501 : 400, verdict.substring(4));
            }
            framing = RequestHead.Framing.CHUNKED;
        } else if (hasCl) {
            length = HttpSyntax.contentLength(headers.getRawHeaders("Content-Length"));
            if (length < 0) {
                return fail(400, "bad or conflicting Content-Length");
            }
            if (length > settings.maxBodySize()) {
                return fail(413, "body of " + length + " bytes exceeds " + settings.maxBodySize());
            }
            framing = length == 0 ? RequestHead.Framing.NONE : RequestHead.Framing.LENGTH;
        }
        bodySoFar = 0;
        remaining = length;
        RequestHead head = new RequestHead(method, target, minor, headers, framing, length);
        state = switch (framing) {
            case NONE -> State.MESSAGE_DONE;
            case LENGTH -> State.BODY_LENGTH;
            case CHUNKED -> State.CHUNK_SIZE;
        };
        listener.headReceived(head);
        if (state == State.MESSAGE_DONE) {
            listener.messageReceived();
        }
        return true;
    }

    private boolean deliver() {
        int n = (int) Math.min(remaining, end - start);
        if (n == 0) {
            return false;
        }
        byte[] data = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        scan = start;
        remaining -= n;
        listener.bodyReceived(data);
        return true;
    }

    private boolean bodyLength() {
        boolean moved = deliver();
        if (remaining == 0 && state == State.BODY_LENGTH) {
            state = State.MESSAGE_DONE;
            listener.messageReceived();
            return true;
        }
        return moved;
    }

    private boolean chunkSize() {
        int cr = lineEnd(settings.maxChunkLine(), 400, "chunk size line");
        if (cr == NEED_MORE) {
            return false;
        }
        String line = takeLine(cr);
        long size = HttpSyntax.chunkSize(line);
        if (size < 0) {
            return fail(400, "bad chunk size line");
        }
        if (size > settings.maxBodySize() - bodySoFar) {
            return fail(413, "chunked body exceeds " + settings.maxBodySize() + " bytes");
        }
        bodySoFar += size;
        remaining = size;
        if (size == 0) {
            headerBytes = 0;
            headerCount = 0;
            state = State.TRAILERS;
        } else {
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean chunkData() {
        boolean moved = deliver();
        if (remaining == 0 && state == State.CHUNK_DATA) {
            state = State.CHUNK_DATA_END;
            return true;
        }
        return moved;
    }

    private boolean chunkDataEnd() {
        if (end - start < 2) {
            if (end > start && buf[start] != '\r') {
                return fail(400, "chunk data not followed by CRLF");
            }
            return false;
        }
        if (buf[start] != '\r' || buf[start + 1] != '\n') {
            return fail(400, "chunk data not followed by CRLF");
        }
        start += 2;
        scan = start;
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean trailer() {
        // Trailer fields are checked for framing and limits, then discarded (RFC 9112 §7.1.2
        // lets a recipient drop them; merging them into headers invites smuggling).
        int lineStart = start;
        int budget = settings.maxHeaderBytes() - headerBytes - 2;
        int cr = lineEnd(Math.min(settings.maxHeaderLine(), budget), 431, "trailer line");
        if (cr == NEED_MORE) {
            return false;
        }
        headerBytes += cr + 2 - lineStart;
        if (headerBytes > settings.maxHeaderBytes() || ++headerCount > settings.maxHeaderCount() + 1) {
            return fail(431, "trailer section too large");
        }
        String line = takeLine(cr);
        if (line.isEmpty()) {
            state = State.MESSAGE_DONE;
            listener.messageReceived();
            return true;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !HttpSyntax.isToken(line.substring(0, colon))
                || !HttpSyntax.isFieldValue(HttpSyntax.trimOws(line.substring(colon + 1)))) {
            return fail(400, "bad trailer field");
        }
        return true;
    }
}
