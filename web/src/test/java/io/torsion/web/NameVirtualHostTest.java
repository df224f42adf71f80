package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NameVirtualHostTest {
    static NameVirtualHost vhost() {
        Resource a = new Resource();
        a.putChild("x", Harness.text("from a"));
        Resource b = new Resource();
        b.putChild("x", Harness.text("from b"));
        NameVirtualHost v = new NameVirtualHost();
        v.addHost("a.example", a);
        v.addHost("B.example", b);
        return v;
    }

    static Harness.Response get(Resource root, String host, String target) {
        return new Harness(root).send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").only();
    }

    @Test
    void picksTheTreeByHostIgnoringCaseAndPort() {
        NameVirtualHost v = vhost();
        assertEquals("from a", get(v, "a.example", "/x").body());
        assertEquals("from b", get(v, "b.EXAMPLE:8080", "/x").body());
        assertEquals("from b", get(v, "a.example", "http://b.example/x").body());
    }

    @Test
    void unknownHostIs404UnlessDefault() {
        NameVirtualHost v = vhost();
        assertEquals(404, get(v, "c.example", "/x").status());
        Resource fallback = new Resource();
        fallback.putChild("x", Harness.text("fallback"));
        v.setDefault(fallback);
        assertEquals("fallback", get(v, "c.example", "/x").body());
        v.removeHost("a.example");
        assertEquals("fallback", get(v, "a.example", "/x").body());
    }
}
