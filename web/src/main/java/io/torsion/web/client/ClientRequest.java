package io.torsion.web.client;

import io.torsion.web.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One request as the client protocol writes it (Twisted's {@code _newclient.Request}): checked once
 * by {@link #create}, so nothing with CR, LF or other controls is ever written.
 */
record ClientRequest(String method, URI uri, String scheme, String host, int port, String target,
        Headers headers, BodyProducer body) {

    static ClientRequest create(String method, String uri, Headers headers, BodyProducer body)
            throws InvalidUrlError, InvalidRequestError {
        if (method == null || !isToken(method)) {
            throw new InvalidRequestError("the method is not an RFC 9110 token: " + quote(method));
        }
        if (uri == null) {
            throw new InvalidUrlError("no URL given");
        }
        for (int i = 0; i < uri.length(); i++) {
            if (isControlOrSpace(uri.charAt(i))) {
                throw new InvalidRequestError("the URL holds a control character or space at index " + i
                        + ": " + quote(uri));
            }
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidUrlError("not a URL: " + quote(uri) + " (" + e.getReason() + ")", e);
        }
        return create(method, parsed, headers, body);
    }

    static ClientRequest create(String method, URI uri, Headers headers, BodyProducer body)
            throws InvalidUrlError, InvalidRequestError {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            throw new InvalidUrlError("not an absolute URL (no scheme): " + quote(uri.toString()));
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidUrlError("unsupported scheme " + quote(scheme) + " in " + quote(uri.toString()));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InvalidUrlError("no host in URL " + quote(uri.toString()));
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        Headers copy = new Headers();
        if (headers != null) {
            for (String name : headers.names()) {
                if (!isToken(name)) {
                    throw new InvalidRequestError("a header name is not an RFC 9110 token: " + quote(name));
                }
                for (String value : headers.getRawHeaders(name)) {
                    checkValue(name, value);
                    copy.addRawHeader(name, value);
                }
            }
        }
        for (int i = 0; i < target.length(); i++) {
            if (isControlOrSpace(target.charAt(i))) {
                throw new InvalidRequestError("the request target holds a control character: " + quote(target));
            }
        }
        return new ClientRequest(method, uri, scheme, host, port, target, copy, body);
    }

    /** The host without IPv6 brackets, as connectTCP wants it. */
    String connectHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The Host header's value: the port only when it is not the scheme's default. */
    String hostHeader() {
        boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** The bytes of the request line and headers, with framing for {@code bodyLength}. */
    byte[] head(OptionalLong bodyLength, boolean persistent) {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (!headers.hasHeader("Host")) {
            out.append("Host: ").append(hostHeader()).append("\r\n");
        }
        for (String name : headers.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("transfer-encoding") || lower.equals("connection")) {
                continue; // the protocol frames the body and manages the connection itself
            }
            for (String value : headers.getRawHeaders(name)) {
                out.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (!persistent) {
            out.append("Connection: close\r\n");
        }
        if (body == null) {
            if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                out.append("Content-Length: 0\r\n");
            }
        } else if (bodyLength.isPresent()) {
            out.append("Content-Length: ").append(bodyLength.getAsLong()).append("\r\n");
        } else {
            out.append("Transfer-Encoding: chunked\r\n");
        }
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether a retry on a fresh connection is safe (RFC 9110 9.2.2) and possible (no body). */
    boolean isRetryable() {
        return body == null && List.of("GET", "HEAD", "OPTIONS", "TRACE", "DELETE", "PUT").contains(method);
    }

    private static void checkValue(String name, String value) throws InvalidRequestError {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new InvalidRequestError("the value of header " + name + " holds a forbidden character "
                        + String.format("U+%04X", (int) c) + " at index " + i);
            }
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isControlOrSpace(char c) {
        return c <= 0x20 || c == 0x7f;
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
