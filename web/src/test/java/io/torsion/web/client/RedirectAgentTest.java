package io.torsion.web.client;

import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.web.Headers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RedirectAgent over a scripted agent: method rewriting per status, origin checks, the limit. */
class RedirectAgentTest {
    record Sent(String method, String uri, Headers headers, BodyProducer body) {
    }

    /** Answers each request with the next scripted status and Location. */
    static final class ScriptedAgent implements Agent {
        final List<Sent> sent = new ArrayList<>();
        final List<Object[]> script = new ArrayList<>();

        ScriptedAgent then(int code, String location) {
            script.add(new Object[] {code, location});
            return this;
        }

        @Override
        public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer body) {
            sent.add(new Sent(method, uri, headers, body));
            Object[] next = script.remove(0);
            Headers h = new Headers();
            if (next[1] != null) {
                h.addRawHeader("Location", (String) next[1]);
            }
            Response r = new Response("HTTP/1.1", (Integer) next[0], "X", h, URI.create(uri), null);
            r.bodyFinished(new Failure(new ResponseDone("done")));
            return Deferred.succeed(r);
        }
    }

    static Headers secrets() {
        Headers h = new Headers();
        h.addRawHeader("Authorization", "Basic eA==");
        h.addRawHeader("Cookie", "a=b");
        h.addRawHeader("Content-Type", "text/plain");
        return h;
    }

    @Test
    void seeOtherTurnsPostIntoGetWithoutBody() {
        ScriptedAgent inner = new ScriptedAgent().then(303, "/other").then(200, null);
        Response r = successResultOf(new RedirectAgent(inner).request("POST", "http://h/form", secrets(),
                BodyProducer.ofBytes(new byte[] {1})));
        assertEquals(200, r.code());
        assertEquals(new Sent("GET", "http://h/other", null, null).method(), inner.sent.get(1).method());
        assertEquals("http://h/other", inner.sent.get(1).uri());
        assertNull(inner.sent.get(1).body());
        assertFalse(inner.sent.get(1).headers().hasHeader("Content-Type"));
        assertTrue(inner.sent.get(1).headers().hasHeader("Authorization"), "same origin keeps credentials");
        assertEquals(303, r.previousResponse().orElseThrow().code());
    }

    @Test
    void movedAndFoundTurnPostIntoGetButKeepOtherMethods() {
        for (int code : new int[] {301, 302}) {
            ScriptedAgent inner = new ScriptedAgent().then(code, "/b").then(200, null);
            successResultOf(new RedirectAgent(inner).request("POST", "http://h/a", null, BodyProducer.ofBytes(new byte[1])));
            assertEquals("GET", inner.sent.get(1).method());
            ScriptedAgent put = new ScriptedAgent().then(code, "/b").then(200, null);
            BodyProducer body = BodyProducer.ofBytes(new byte[1]);
            successResultOf(new RedirectAgent(put).request("PUT", "http://h/a", null, body));
            assertEquals("PUT", put.sent.get(1).method());
            assertSame(body, put.sent.get(1).body());
        }
    }

    @Test
    void temporaryAndPermanentRedirectKeepMethodAndBody() {
        for (int code : new int[] {307, 308}) {
            ScriptedAgent inner = new ScriptedAgent().then(code, "http://h/b").then(200, null);
            BodyProducer body = BodyProducer.ofBytes(new byte[1]);
            successResultOf(new RedirectAgent(inner).request("POST", "http://h/a", secrets(), body));
            assertEquals("POST", inner.sent.get(1).method());
            assertSame(body, inner.sent.get(1).body());
            assertTrue(inner.sent.get(1).headers().hasHeader("Content-Type"));
        }
    }

    @Test
    void credentialsAreNotSentToAnotherOrigin() {
        for (String target : new String[] {"http://evil/x", "https://h/x", "http://h:81/x"}) {
            ScriptedAgent inner = new ScriptedAgent().then(302, target).then(200, null);
            successResultOf(new RedirectAgent(inner).request("GET", "http://h/a", secrets(), null));
            Headers h = inner.sent.get(1).headers();
            assertFalse(h.hasHeader("Authorization"), target);
            assertFalse(h.hasHeader("Cookie"), target);
        }
        ScriptedAgent same = new ScriptedAgent().then(302, "http://H:80/x").then(200, null);
        successResultOf(new RedirectAgent(same).request("GET", "http://h/a", secrets(), null));
        assertTrue(same.sent.get(1).headers().hasHeader("Cookie"));
    }

    @Test
    void limitIsEnforced() {
        ScriptedAgent inner = new ScriptedAgent();
        for (int i = 0; i < 4; i++) {
            inner.then(302, "/loop");
        }
        failureResultOf(new RedirectAgent(inner, 3).request("GET", "http://h/a", null, null), RedirectLimitError.class);
        assertEquals(4, inner.sent.size());
        ScriptedAgent ok = new ScriptedAgent().then(302, "/1").then(302, "/2").then(302, "/3").then(200, null);
        assertEquals(200, successResultOf(new RedirectAgent(ok, 3).request("GET", "http://h/a", null, null)).code());
    }

    @Test
    void missingLocationFails() {
        ScriptedAgent inner = new ScriptedAgent().then(301, null);
        failureResultOf(new RedirectAgent(inner).request("GET", "http://h/a", null, null), RedirectLimitError.class);
    }

    @Test
    void otherStatusesAreReturnedAsTheyAre() {
        ScriptedAgent inner = new ScriptedAgent().then(304, "/x");
        assertEquals(304, successResultOf(new RedirectAgent(inner).request("GET", "http://h/a", null, null)).code());
        assertEquals(1, inner.sent.size());
    }
}
