package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.web.Headers;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Follows redirects (301, 302, 303, 307, 308) returned by another agent, as browsers do (Twisted's
 * {@code BrowserLikeRedirectAgent}): 303 turns any method but HEAD into GET without a body; 301 and
 * 302 turn POST into GET without a body; 307 and 308 keep the method and send the body again.
 * {@code Authorization} and {@code Cookie} are dropped when the redirect leaves the origin (scheme,
 * host and port). Every response in the chain is reachable through
 * {@link Response#previousResponse()}; the body of a redirect response is discarded.
 *
 * <p>Deviation: Twisted's plain {@code RedirectAgent} refuses to redirect a POST on 301/302; this
 * agent always behaves like {@code BrowserLikeRedirectAgent}.
 *
 * <p>Threading: reactor thread only.
 */
public class RedirectAgent implements Agent {
    /** The default redirect limit, as Twisted's. */
    public static final int DEFAULT_REDIRECT_LIMIT = 20;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Agent agent;
    private final int redirectLimit;

    /**
     * Wraps {@code agent} with the default limit of {@value #DEFAULT_REDIRECT_LIMIT} redirects.
     *
     * @param agent sends each request
     */
    public RedirectAgent(Agent agent) {
        this(agent, DEFAULT_REDIRECT_LIMIT);
    }

    /**
     * Wraps {@code agent}.
     *
     * @param agent sends each request
     * @param redirectLimit how many redirects to follow before failing
     * @throws IllegalArgumentException if the limit is negative
     */
    public RedirectAgent(Agent agent, int redirectLimit) {
        if (redirectLimit < 0) {
            throw new IllegalArgumentException("negative redirect limit " + redirectLimit);
        }
        this.agent = Objects.requireNonNull(agent, "agent");
        this.redirectLimit = redirectLimit;
    }

    /**
     * Sends the request and follows redirects.
     *
     * @return fires with the final response; fails as the wrapped agent's, or with
     *     {@link RedirectLimitError} after more than the limit of redirects or a redirect without a
     *     valid {@code Location}
     */
    @Override
    public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer bodyProducer) {
        return follow(method, uri, headers, bodyProducer, 0, null);
    }

    private Deferred<Response> follow(String method, String uri, Headers headers, BodyProducer body,
            int redirects, Response previous) {
        return agent.request(method, uri, headers, body).addCallbackDeferred(response -> {
            if (previous != null) {
                response.setPreviousResponse(previous);
            }
            if (!REDIRECTS.contains(response.code())) {
                return Deferred.succeed(response);
            }
            response.readBody().addErrback(f -> null); // discard the redirect's body
            if (redirects >= redirectLimit) {
                return Deferred.<Response>fail(new RedirectLimitError("more than " + redirectLimit
                        + " redirects, the last to " + response.headers().getLast("Location").orElse("?")));
            }
            String location = response.headers().getLast("Location").orElse(null);
            URI next;
            try {
                next = URI.create(uri).resolve(URI.create(location == null ? "" : location));
            } catch (IllegalArgumentException e) {
                return Deferred.<Response>fail(new RedirectLimitError("redirect " + response.code()
                        + " with an invalid Location: " + location, e));
            }
            if (location == null || location.isEmpty()) {
                return Deferred.<Response>fail(new RedirectLimitError("redirect " + response.code()
                        + " without a Location"));
            }
            String nextMethod = method;
            BodyProducer nextBody = body;
            int code = response.code();
            if ((code == 303 && !method.equals("HEAD")) || ((code == 301 || code == 302) && method.equals("POST"))) {
                nextMethod = "GET";
                nextBody = null;
            }
            Headers nextHeaders = copy(headers, nextBody == null);
            if (!sameOrigin(URI.create(uri), next)) {
                nextHeaders.removeHeader("Authorization");
                nextHeaders.removeHeader("Cookie");
            }
            return follow(nextMethod, next.toString(), nextHeaders, nextBody, redirects + 1, response);
        });
    }

    private static Headers copy(Headers headers, boolean dropBodyHeaders) {
        Headers out = new Headers();
        if (headers != null) {
            for (String name : headers.names()) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (dropBodyHeaders && (lower.equals("content-type") || lower.startsWith("content-"))) {
                    continue;
                }
                out.setRawHeaders(name, headers.getRawHeaders(name));
            }
        }
        return out;
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()),
                lower(b.getHost())) && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
