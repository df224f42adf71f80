package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionDone;
import io.torsion.testing.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend side of the proxy, in memory; the whole proxy is exercised by RealClientTest. */
class ReverseProxyResourceTest {
    final List<ProxyClient> clients = new ArrayList<>();
    final Harness front = new Harness(new Resource() {
        @Override
        public boolean isLeaf() {
            return true;
        }

        @Override
        public RenderResult render(Request request) {
            clients.add(new ProxyClient(request, "/v1/x?q=1", "backend:8080"));
            return RenderResult.notDoneYet();
        }
    });

    StringTransport backend() {
        front.send("POST /x?q=1 HTTP/1.1\r\nHost: front\r\nConnection: keep-alive, X-Hop\r\nTE: trailers\r\n"
                + "X-Kept: yes\r\nContent-Length: 4\r\n\r\nbody");
        return StringTransport.connect(clients.get(0));
    }

    @Test
    void sendsHttp10WithoutHopByHopHeaders() {
        String sent = backend().valueAsString();
        assertTrue(sent.startsWith("POST /v1/x?q=1 HTTP/1.0\r\n"), sent);
        assertTrue(sent.contains("Host: backend:8080\r\n"), sent);
        assertTrue(sent.contains("X-Kept: yes\r\n"), sent);
        assertTrue(sent.contains("Connection: close\r\n"), sent);
        assertFalse(sent.contains("keep-alive"), sent);
        assertFalse(sent.contains("TE:"), sent);
        assertFalse(sent.contains("front"), sent);
        assertTrue(sent.endsWith("Content-Length: 4\r\nConnection: close\r\n\r\nbody"), sent);
    }

    @Test
    void relaysTheResponse() {
        StringTransport b = backend();
        ProxyClient c = clients.get(0);
        c.dataReceived("HTTP/1.0 201 Made\r\nX-B: 1\r\nConnection: close\r\nKeep-Alive: 5\r\n\r\npart1".getBytes(StandardCharsets.US_ASCII));
        c.dataReceived("part2".getBytes(StandardCharsets.US_ASCII));
        c.connectionLost(new Failure(new ConnectionDone("done")));
        Harness.Response r = front.only();
        assertEquals(201, r.status());
        assertTrue(r.raw().startsWith("HTTP/1.1 201 Made\r\n"), r.raw());
        assertEquals("1", r.header("X-B"));
        assertNull(r.header("Keep-Alive"));
        assertEquals("part1part2", r.body());
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertFalse(b.producer().isPresent());
    }

    @Test
    void malformedOrMissingAnswersGet502() {
        for (String answer : List.of("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", "SPDY 200\r\n\r\n",
                "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "")) {
            clients.clear();
            Harness h = new Harness(front.site.resource());
            h.send("GET / HTTP/1.1\r\nHost: front\r\n\r\n");
            ProxyClient c = clients.get(0);
            StringTransport.connect(c);
            c.dataReceived(answer.getBytes(StandardCharsets.US_ASCII));
            c.connectionLost(new Failure(new ConnectionDone("done")));
            Harness.Response r = h.only();
            assertEquals(502, r.status(), answer);
        }
    }
}
