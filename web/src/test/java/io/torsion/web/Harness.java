package io.torsion.web;

import io.torsion.task.Clock;
import io.torsion.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A channel on a StringTransport and a Clock, and a parser for what it wrote. */
final class Harness {
    final Clock clock = new Clock();
    final Site site;
    final HttpChannel channel;
    final StringTransport transport;

    Harness(Resource root) {
        this(root, HttpSettings.defaults());
    }

    Harness(Resource root, HttpSettings settings) {
        site = new Site(root, clock, settings);
        channel = site.buildProtocol(StringTransport.DEFAULT_PEER);
        transport = StringTransport.connect(channel);
    }

    Harness send(String data) {
        channel.dataReceived(data.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    List<Response> responses() {
        return Response.parseAll(transport.valueAsString());
    }

    Response only() {
        List<Response> all = responses();
        if (all.size() != 1) {
            throw new AssertionError("expected one response, got " + all.size() + ": " + transport.valueAsString());
        }
        return all.get(0);
    }

    boolean closed() {
        return transport.connectionState() != StringTransport.ConnectionState.CONNECTED;
    }

    /** One parsed response; header names lower-cased. */
    record Response(int status, Map<String, String> headers, String body, String raw) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static List<Response> parseAll(String s) {
            List<Response> out = new ArrayList<>();
            int pos = 0;
            while (pos < s.length()) {
                int headEnd = s.indexOf("\r\n\r\n", pos);
                if (headEnd < 0) {
                    throw new AssertionError("incomplete head: " + s.substring(pos));
                }
                String[] lines = s.substring(pos, headEnd).split("\r\n");
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.merge(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
                int bodyStart = headEnd + 4;
                String body;
                int next;
                if (status < 200 || status == 204 || status == 304 || isHead(out, s)) {
                    body = "";
                    next = bodyStart;
                } else if (headers.containsKey("content-length")) {
                    int len = Integer.parseInt(headers.get("content-length"));
                    body = s.substring(bodyStart, bodyStart + len);
                    next = bodyStart + len;
                } else if ("chunked".equals(headers.get("transfer-encoding"))) {
                    StringBuilder b = new StringBuilder();
                    int p = bodyStart;
                    while (true) {
                        int eol = s.indexOf("\r\n", p);
                        int size = Integer.parseInt(s.substring(p, eol), 16);
                        p = eol + 2;
                        if (size == 0) {
                            if (!s.startsWith("\r\n", p)) {
                                throw new AssertionError("bad chunked end");
                            }
                            p += 2;
                            break;
                        }
                        b.append(s, p, p + size);
                        p += size + 2;
                    }
                    body = b.toString();
                    next = p;
                } else {
                    body = s.substring(bodyStart);
                    next = s.length();
                }
                out.add(new Response(status, headers, body, s.substring(pos, next)));
                pos = next;
            }
            return out;
        }

        // HEAD responses are marked by the test with a thread-local flag
        static final ThreadLocal<Boolean> HEAD = ThreadLocal.withInitial(() -> false);

        private static boolean isHead(List<Response> out, String s) {
            return HEAD.get();
        }
    }

    /** A leaf resource that answers GET with a fixed text and POST with the body it received. */
    static Resource text(String body) {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                request.setHeader("Content-Type", "text/plain");
                return RenderResult.body(body.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            protected RenderResult renderPOST(Request request) throws Exception {
                return RenderResult.body(request.content().readAllBytes());
            }
        };
    }
}
