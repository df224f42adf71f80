package io.torsion.web;

import io.torsion.defer.Failure;
import io.torsion.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The backend side of {@link ReverseProxyResource}: sends one HTTP/1.0 request and relays the
 * response to the waiting {@link Request} (Twisted's {@code proxy.ProxyClient}).
 */
final class ProxyClient extends Protocol {
    static final int MAX_HEAD = 64 * 1024;
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "host");

    private enum State { CONNECTING, HEAD, BODY, DONE }

    private final Request request;
    private final String target;
    private final String hostHeader;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private State state = State.CONNECTING;
    private int scanned;

    ProxyClient(Request request, String target, String hostHeader) {
        this.request = request;
        this.target = target;
        this.hostHeader = hostHeader;
    }

    @Override
    public void connectionMade() {
        if (request.isDisconnected()) {
            transport().loseConnection();
            state = State.DONE;
            return;
        }
        request.notifyFinish().addErrback(f -> {
            if (isConnected()) {
                transport().abortConnection(); // the client went away
            }
            return null;
        });
        byte[] body;
        try (InputStream in = request.content()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            backendFailed("the request body could not be read");
            transport().loseConnection();
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(request.getMethod()).append(' ').append(target).append(" HTTP/1.0\r\n");
        Headers headers = request.getRequestHeaders();
        for (String name : headers.names()) {
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : headers.getRawHeaders(name)) {
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        }
        sb.append("Host: ").append(hostHeader).append("\r\n");
        if (body.length > 0) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        transport().write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body.length > 0) {
            transport().write(body);
        }
        state = State.HEAD;
    }

    @Override
    public void dataReceived(byte[] data) {
        if (state == State.BODY) {
            relay(data);
            return;
        }
        if (state != State.HEAD) {
            return;
        }
        head.write(data, 0, data.length);
        byte[] all = head.toByteArray();
        int end = -1;
        for (int i = Math.max(0, scanned - 3); i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                end = i;
                break;
            }
        }
        scanned = all.length;
        if (end < 0) {
            if (all.length > MAX_HEAD) {
                backendFailed("the backend's response head is too long");
                transport().abortConnection();
            }
            return;
        }
        if (!applyHead(new String(all, 0, end, StandardCharsets.ISO_8859_1))) {
            backendFailed("the backend's response head is malformed");
            transport().abortConnection();
            return;
        }
        state = State.BODY;
        request.registerProducer(transport(), true);
        relay(Arrays.copyOfRange(all, end + 4, all.length));
    }

    private boolean applyHead(String text) {
        String[] lines = text.split("\r\n", -1);
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || status[1].length() != 3) {
            return false;
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (code < 200 || code > 599) {
            return false; // 1xx are not expected from an HTTP/1.0 request
        }
        String reason = status.length == 3 ? status[2] : HttpStatus.phrase(code);
        if (!HttpSyntax.isFieldValue(reason)) {
            return false;
        }
        request.setResponseCode(code, reason);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || !HttpSyntax.isToken(lines[i].substring(0, colon))) {
                return false;
            }
            String name = lines[i].substring(0, colon);
            String value = HttpSyntax.trimOws(lines[i].substring(colon + 1));
            if (!HttpSyntax.isFieldValue(value)) {
                return false;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || !HOP_BY_HOP.contains(lower)) {
                // Content-Length is kept: the body is relayed unchanged
                request.getResponseHeaders().addRawHeader(name, value);
            }
        }
        List<String> lengths = request.getResponseHeaders().getRawHeaders("Content-Length");
        return lengths.size() <= 1 && (lengths.isEmpty() || HttpSyntax.contentLength(lengths) >= 0);
    }

    private void relay(byte[] data) {
        if (data.length > 0 && !request.isDisconnected() && !request.isFinished()) {
            request.write(data);
        }
    }

    void backendFailed(String why) {
        if (request.isDisconnected() || request.isFinished() || state == State.DONE) {
            return;
        }
        state = State.DONE;
        request.setResponseCode(502);
        for (String name : request.getResponseHeaders().names()) {
            request.getResponseHeaders().removeHeader(name); // drop what a malformed head left
        }
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        byte[] page = HttpStatus.page(502, why);
        request.setHeader("Content-Length", Integer.toString(page.length));
        request.write(page);
        request.finish();
    }

    @Override
    public void connectionLost(Failure reason) {
        if (state == State.BODY) {
            state = State.DONE;
            if (!request.isDisconnected() && !request.isFinished()) {
                request.unregisterProducer();
                request.finish();
            }
        } else if (state != State.DONE) {
            backendFailed("the backend closed the connection without answering");
        }
    }
}
