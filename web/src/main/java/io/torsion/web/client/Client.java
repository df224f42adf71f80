package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.internet.Reactor;

/**
 * Fetches a whole page in one call (Twisted's {@code twisted.web.client.getPage}), the way the
 * tutorial's concurrent downloads use it.
 *
 * <p>Threading: reactor thread only.
 */
public final class Client {
    private Client() {
    }

    /**
     * Downloads {@code url} with GET, following redirects, over http or https (hostname verification
     * on); a bad URL fails the returned Deferred, it never throws here.
     *
     * @param reactor connects and times
     * @param url an absolute http or https URL
     * @return fires with the body of a 2xx response (a body without length that ended with the
     *     connection is accepted, as Twisted's old {@code getPage} did); fails with
     *     {@link InvalidUrlError} for a malformed URL such as {@code a_bad_url}, {@link HttpError}
     *     (status and body) for any other status, a connection error ({@code DNSLookupError},
     *     {@code ConnectionRefusedError}, {@code ConnectTimeoutError}, a TLS error),
     *     {@link ResponseFailed} or {@link RedirectLimitError}
     */
    public static Deferred<byte[]> getPage(Reactor reactor, String url) {
        return getPage(new HttpAgent(reactor), url);
    }

    /**
     * As {@link #getPage(Reactor, String)}, with a given agent (for its pool, timeouts or TLS trust);
     * redirects are followed by wrapping it in a {@link RedirectAgent} unless it is one.
     *
     * @param agent sends the request
     * @param url an absolute http or https URL
     * @return as {@link #getPage(Reactor, String)}
     */
    public static Deferred<byte[]> getPage(Agent agent, String url) {
        Deferred<Response> response;
        try {
            Agent redirecting = agent instanceof RedirectAgent ? agent : new RedirectAgent(agent);
            response = redirecting.request("GET", url, null, null);
        } catch (RuntimeException e) {
            return Deferred.fail(new InvalidUrlError("cannot request " + url + ": " + e.getMessage(), e));
        }
        return response.addCallbackDeferred(r -> r.readBody()
                .addErrback(f -> {
                    f.trap(PartialDownloadError.class);
                    return ((PartialDownloadError) f.value()).body();
                })
                .addCallback(body -> {
                    if (r.code() < 200 || r.code() > 299) {
                        throw new HttpError(r.code(), r.phrase(), body);
                    }
                    return body;
                }));
    }
}
