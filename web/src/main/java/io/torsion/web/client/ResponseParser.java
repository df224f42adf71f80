package io.torsion.web.client;

import io.torsion.web.Headers;
import io.torsion.web.client.BadResponseError.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Parses one HTTP/1.1 response incrementally (Twisted's {@code HTTPClientParser}): the status line,
 * the headers, then the body framed per RFC 9112 section 6.3. Interim 1xx responses are skipped.
 */
final class ResponseParser {
    /** The longest status or header line accepted. */
    static final int MAX_LINE = 16 * 1024;
    /** The largest header block accepted (status line and all headers). */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The most header lines accepted. */
    static final int MAX_HEADERS = 200;

    /** Hears what the parser found. */
    interface Listener {
        void headReceived(String version, int code, String phrase, Headers headers);

        void bodyData(byte[] data);

        /** The body ended; {@code dataLoss} when it was read until the connection closed. */
        void bodyDone(boolean dataLoss);
    }

    enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private enum State { STATUS, HEADERS, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILERS, UNTIL_CLOSE, DONE }

    private final Listener listener;
    private final boolean headRequest;
    private State state = State.STATUS;
    private byte[] buf = new byte[0];
    private int len;
    private int headBytes;
    private String version;
    private int code;
    private String phrase;
    private Headers headers;
    private long remaining;
    private Framing framing;

    ResponseParser(Listener listener, boolean headRequest) {
        this.listener = listener;
        this.headRequest = headRequest;
    }

    boolean isDone() {
        return state == State.DONE;
    }

    boolean isHeadReceived() {
        return state != State.STATUS && state != State.HEADERS;
    }

    Framing framing() {
        return framing;
    }

    /** The bytes left over after a complete response. */
    int leftover() {
        return state == State.DONE ? len : 0;
    }

    void feed(byte[] data) throws BadResponseError {
        if (state == State.DONE) {
            len += data.length;
            return;
        }
        if (state == State.UNTIL_CLOSE && len == 0) {
            listener.bodyData(data);
            return;
        }
        if (buf.length - len < data.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + data.length));
        }
        System.arraycopy(data, 0, buf, len, data.length);
        len += data.length;
        int pos = 0;
        while (pos < len && state != State.DONE) {
            int used = step(pos);
            if (used == 0) {
                break;
            }
            pos += used;
        }
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
    }

    /** Handles the input at {@code pos}; returns the bytes used, 0 when more are needed. */
    private int step(int pos) throws BadResponseError {
        switch (state) {
            case STATUS, HEADERS, CHUNK_SIZE, CHUNK_CRLF, TRAILERS -> {
                int end = lineEnd(pos);
                if (end < 0) {
                    return 0;
                }
                int contentEnd = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
                String line = new String(buf, pos, contentEnd - pos, StandardCharsets.ISO_8859_1);
                line(line, end + 1 - pos);
                return end + 1 - pos;
            }
            case LENGTH -> {
                int n = (int) Math.min(remaining, len - pos);
                listener.bodyData(Arrays.copyOfRange(buf, pos, pos + n));
                remaining -= n;
                if (remaining == 0) {
                    finish(false);
                }
                return n;
            }
            case CHUNK_DATA -> {
                int n = (int) Math.min(remaining, len - pos);
                listener.bodyData(Arrays.copyOfRange(buf, pos, pos + n));
                remaining -= n;
                if (remaining == 0) {
                    state = State.CHUNK_CRLF;
                }
                return n;
            }
            case UNTIL_CLOSE -> {
                listener.bodyData(Arrays.copyOfRange(buf, pos, len));
                return len - pos;
            }
            default -> throw new IllegalStateException("no input expected in state " + state);
        }
    }

    private int lineEnd(int pos) throws BadResponseError {
        int limit = state == State.CHUNK_SIZE || state == State.CHUNK_CRLF ? 4096 : MAX_LINE;
        for (int i = pos; i < len; i++) {
            if (buf[i] == '\n') {
                checkHeadBytes(i + 1 - pos);
                return i;
            }
            if (i - pos >= limit) {
                throw state == State.CHUNK_SIZE || state == State.CHUNK_CRLF
                        ? new BadResponseError(Kind.CHUNK, "chunk line longer than " + limit + " bytes")
                        : new BadResponseError(Kind.HEADERS_TOO_LONG, "line longer than " + limit + " bytes");
            }
        }
        if (state == State.STATUS || state == State.HEADERS) {
            checkHeadBytes(len - pos);
        }
        return -1;
    }

    private void checkHeadBytes(int pending) throws BadResponseError {
        if ((state == State.STATUS || state == State.HEADERS) && headBytes + pending > MAX_HEADER_BYTES) {
            throw new BadResponseError(Kind.HEADERS_TOO_LONG, "header block longer than " + MAX_HEADER_BYTES + " bytes");
        }
    }

    private void line(String line, int size) throws BadResponseError {
        switch (state) {
            case STATUS -> {
                headBytes += size;
                statusLine(line);
            }
            case HEADERS -> {
                headBytes += size;
                if (line.isEmpty()) {
                    endOfHead();
                } else {
                    headerLine(line);
                }
            }
            case CHUNK_SIZE -> chunkSize(line);
            case CHUNK_CRLF -> {
                if (!line.isEmpty()) {
                    throw new BadResponseError(Kind.CHUNK, "chunk data not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (line.isEmpty()) {
                    finish(false);
                }
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
    }

    private void statusLine(String line) throws BadResponseError {
        // RFC 9112 4: HTTP-version SP 3DIGIT SP [reason-phrase]; tolerate a missing phrase.
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || !Character.isDigit(line.charAt(7))
                || line.charAt(8) != ' ') {
            throw new BadResponseError(Kind.STATUS_LINE, "not an HTTP/1.x status line: " + printable(line));
        }
        String digits = line.substring(9, 12);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new BadResponseError(Kind.STATUS_LINE, "the status is not three digits: " + printable(line));
        }
        for (char c : line.toCharArray()) {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new BadResponseError(Kind.STATUS_LINE, "control character in the status line: " + printable(line));
            }
        }
        version = line.substring(0, 8);
        code = Integer.parseInt(digits);
        if (code < 100) {
            throw new BadResponseError(Kind.STATUS_LINE, "status below 100: " + code);
        }
        phrase = line.length() > 13 ? line.substring(13) : "";
        headers = new Headers();
        state = State.HEADERS;
    }

    private int headerCount;

    private void headerLine(String line) throws BadResponseError {
        if (++headerCount > MAX_HEADERS) {
            throw new BadResponseError(Kind.HEADERS_TOO_LONG, "more than " + MAX_HEADERS + " header lines");
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !ClientRequest.isToken(line.substring(0, colon))) {
            throw new BadResponseError(Kind.HEADER, "not a header line: " + printable(line));
        }
        String value = line.substring(colon + 1).strip();
        for (char c : value.toCharArray()) {
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new BadResponseError(Kind.HEADER, "control character in header " + line.substring(0, colon));
            }
        }
        headers.addRawHeader(line.substring(0, colon), value);
    }

    private void endOfHead() throws BadResponseError {
        if (code >= 100 && code < 200 && code != 101) {
            state = State.STATUS; // interim response (100 Continue, 103 Early Hints): wait for the final one
            headerCount = 0;
            return;
        }
        framing = framingOf();
        state = switch (framing) {
            case NONE -> State.DONE;
            case LENGTH -> State.LENGTH;
            case CHUNKED -> State.CHUNK_SIZE;
            case UNTIL_CLOSE -> State.UNTIL_CLOSE;
        };
        listener.headReceived(version, code, phrase, headers);
        if (framing == Framing.NONE || (framing == Framing.LENGTH && remaining == 0)) {
            state = State.LENGTH;
            finish(false);
        }
    }

    private Framing framingOf() throws BadResponseError {
        if (headRequest || code == 204 || code == 304 || code < 200) {
            return Framing.NONE;
        }
        List<String> te = headers.getRawHeaders("Transfer-Encoding");
        if (!te.isEmpty()) {
            String[] codings = String.join(",", te).split(",");
            boolean chunked = codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
            return chunked ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
        }
        List<String> cl = headers.getRawHeaders("Content-Length");
        if (cl.isEmpty()) {
            return Framing.UNTIL_CLOSE;
        }
        long length = -1;
        for (String value : String.join(",", cl).split(",", -1)) {
            long parsed = parseLength(value.strip());
            if (length != -1 && parsed != length) {
                throw new BadResponseError(Kind.CONTENT_LENGTH, "differing Content-Length values " + cl);
            }
            length = parsed;
        }
        remaining = length;
        return Framing.LENGTH;
    }

    private static long parseLength(String value) throws BadResponseError {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadResponseError(Kind.CONTENT_LENGTH, "Content-Length is not plain digits below 10^18: "
                    + printable(value));
        }
        return Long.parseLong(value);
    }

    private void chunkSize(String line) throws BadResponseError {
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new BadResponseError(Kind.CHUNK, "chunk size is not plain hex below 16^15: " + printable(line));
        }
        remaining = Long.parseLong(hex, 16);
        state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
    }

    private void finish(boolean dataLoss) {
        state = State.DONE;
        listener.bodyDone(dataLoss);
    }

    /**
     * Tells the parser that the connection ended.
     *
     * @throws BadResponseError (TRUNCATED) if a head or a framed body was cut short
     */
    void connectionLost() throws BadResponseError {
        switch (state) {
            case DONE -> {
            }
            case UNTIL_CLOSE -> finish(true);
            case STATUS -> {
                if (headBytes > 0 || len > 0) {
                    throw new BadResponseError(Kind.TRUNCATED, "the connection ended inside the response head");
                }
            }
            case HEADERS -> throw new BadResponseError(Kind.TRUNCATED, "the connection ended inside the response head");
            default -> throw new BadResponseError(Kind.TRUNCATED, "the connection ended inside the body (" + state
                    + (state == State.LENGTH ? ", " + remaining + " bytes missing" : "") + ")");
        }
    }

    boolean isIdle() {
        return state == State.STATUS && headBytes == 0 && len == 0;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : cut.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
