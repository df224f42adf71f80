package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class EncodingResourceWrapperTest {
    static final String TEXT = "hello hello hello hello hello hello ".repeat(50);

    static Resource root() {
        Resource root = new Resource();
        root.putChild("t", Harness.text(TEXT));
        root.putChild("bin", new Resource() {
            @Override
            protected RenderResult renderGET(Request request) {
                request.setHeader("Content-Type", "image/png");
                return RenderResult.body(TEXT.getBytes(StandardCharsets.US_ASCII));
            }
        });
        return new EncodingResourceWrapper(root);
    }

    static Harness.Response get(String target, String acceptEncoding) {
        return new Harness(root()).send("GET " + target + " HTTP/1.1\r\nHost: h\r\n"
                + (acceptEncoding == null ? "" : "Accept-Encoding: " + acceptEncoding + "\r\n") + "\r\n").only();
    }

    static String gunzip(String body) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void compressesTextWhenAccepted() throws IOException {
        Harness.Response r = get("/t", "deflate, gzip;q=0.5");
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertNull(r.header("Content-Length"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertTrue(r.body().length() < TEXT.length() / 4);
        assertEquals(TEXT, gunzip(r.body()));
    }

    @Test
    void leavesOthersAlone() {
        assertNull(get("/t", null).header("Content-Encoding"));
        assertNull(get("/t", "gzip;q=0").header("Content-Encoding"));
        assertNull(get("/t", "br").header("Content-Encoding"));
        Harness.Response bin = get("/bin", "gzip");
        assertNull(bin.header("Content-Encoding"));
        assertEquals(TEXT, bin.body());
    }
}
