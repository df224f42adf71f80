package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Data, ForbiddenResource, Redirect, and Request.setETag / setLastModified. */
class SmallResourcesTest {
    static Harness.Response get(Resource child, String headers) {
        Resource root = new Resource();
        root.putChild("x", child);
        return new Harness(root).send("GET /x/y HTTP/1.1\r\nHost: h\r\n" + headers + "\r\n").only();
    }

    @Test
    void dataServesBytesWithType() {
        Harness.Response r = get(new Data("abc".getBytes(StandardCharsets.US_ASCII), "text/x-test"), "");
        assertEquals("abc", r.body());
        assertEquals("text/x-test", r.header("Content-Type"));
    }

    @Test
    void forbiddenAndRedirect() {
        assertEquals(403, get(new ForbiddenResource(), "").status());
        Harness.Response r = get(new Redirect("/a?b=<c>", 308), "");
        assertEquals(308, r.status());
        assertEquals("/a?b=<c>", r.header("Location"));
        assertTrue(r.body().contains("/a?b=&lt;c&gt;"), r.body());
        assertThrows(IllegalArgumentException.class, () -> new Redirect("/a", 200));
        assertThrows(IllegalArgumentException.class, () -> new Redirect("/a\r\nX: y"));
    }

    static Resource cached() {
        return new Resource() {
            @Override
            public boolean isLeaf() {
                return true;
            }

            @Override
            protected RenderResult renderGET(Request request) {
                boolean fresh = request.setLastModified(Instant.parse("2024-03-05T06:07:08.900Z"));
                fresh |= request.setETag("\"v1\"");
                return RenderResult.body(fresh ? new byte[0] : "body".getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    @Test
    void setETagAndSetLastModified() {
        Harness.Response plain = get(cached(), "");
        assertEquals(200, plain.status());
        assertEquals("Tue, 05 Mar 2024 06:07:08 GMT", plain.header("Last-Modified"));
        assertEquals("\"v1\"", plain.header("ETag"));
        assertEquals(304, get(cached(), "If-None-Match: \"v0\", \"v1\"\r\n").status());
        assertEquals(304, get(cached(), "If-Modified-Since: Tue, 05 Mar 2024 06:07:08 GMT\r\n").status());
        assertEquals(200, get(cached(), "If-Modified-Since: Tue, 05 Mar 2024 06:07:07 GMT\r\n").status());
        assertEquals(200, get(cached(), "If-Modified-Since: yesterday\r\n").status());
    }
}
