package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.web.Headers;

/**
 * Issues HTTP requests and hands back responses (Twisted's {@code IAgent}). {@link HttpAgent} talks
 * to servers; {@link RedirectAgent} and {@link ContentDecoderAgent} wrap another agent.
 *
 * <pre>{@code
 * Agent agent = new HttpAgent(reactor);
 * agent.request("GET", "http://example.com/", null, null)
 *      .addCallbackDeferred(Response::readBody)
 *      .addCallback(body -> ...);
 * }</pre>
 *
 * <p>Threading: reactor thread only.
 */
public interface Agent {
    /**
     * Sends a request; nothing is written if the method, URL or headers are refused (Twisted's
     * {@code request}).
     *
     * @param method the method, an RFC 9110 token such as {@code GET}
     * @param uri an absolute {@code http} or {@code https} URL
     * @param headers extra request headers, or null; {@code Host} is added when absent, and
     *     {@code Content-Length}, {@code Transfer-Encoding} and {@code Connection} are set by the agent
     * @param bodyProducer the body, or null for none
     * @return fires with the {@link Response} once its head has arrived; fails with
     *     {@link InvalidUrlError} or {@link InvalidRequestError} (before any connection),
     *     a connection error such as {@code ConnectionRefusedError}, {@code DNSLookupError} or
     *     {@code ConnectTimeoutError}, {@link ResponseNeverReceived},
     *     {@link RequestTransmissionFailed}, {@link ResponseFailed} (bad response) or
     *     {@link ResponseTimeoutError}; never throws at the call site
     */
    Deferred<Response> request(String method, String uri, Headers headers, BodyProducer bodyProducer);

    /**
     * Sends a request without extra headers or body.
     *
     * @param method the method
     * @param uri the URL
     * @return as {@link #request(String, String, Headers, BodyProducer)}
     */
    default Deferred<Response> request(String method, String uri) {
        return request(method, uri, null, null);
    }
}
