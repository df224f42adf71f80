package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.internet.Reactor;
import io.torsion.web.Headers;
import java.util.Objects;

/**
 * Sends every {@code http} request through an HTTP proxy, with the absolute URL as the request
 * target (RFC 9112 section 3.2.2) and the origin's {@code Host} (Twisted's {@code ProxyAgent}).
 * Connections to the proxy come from the wrapped agent's pool.
 *
 * <p>Deviation: {@code https} through the proxy (a {@code CONNECT} tunnel) is not supported; such a
 * request fails with {@link InvalidUrlError}. Twisted's {@code ProxyAgent} does not tunnel either.
 *
 * <p>Threading: reactor thread only.
 */
public class ProxyAgent implements Agent {
    private final HttpAgent agent;
    private final String proxyHost;
    private final int proxyPort;

    /**
     * Creates an agent that uses the proxy at {@code proxyHost}:{@code proxyPort}.
     *
     * @param reactor connects and times
     * @param proxyHost the proxy's host name or address
     * @param proxyPort the proxy's port, 1..65535
     * @throws IllegalArgumentException if the port is out of range
     */
    public ProxyAgent(Reactor reactor, String proxyHost, int proxyPort) {
        this(new HttpAgent(reactor), proxyHost, proxyPort);
    }

    /**
     * Creates an agent that sends through {@code agent} (its pool, timeouts) to the proxy.
     *
     * @param agent connects to the proxy
     * @param proxyHost the proxy's host name or address
     * @param proxyPort the proxy's port, 1..65535
     * @throws IllegalArgumentException if the port is out of range
     */
    public ProxyAgent(HttpAgent agent, String proxyHost, int proxyPort) {
        if (proxyPort < 1 || proxyPort > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + proxyPort);
        }
        this.agent = Objects.requireNonNull(agent, "agent");
        this.proxyHost = Objects.requireNonNull(proxyHost, "proxyHost");
        this.proxyPort = proxyPort;
    }

    /**
     * Sends the request to the proxy.
     *
     * @return as {@link Agent#request}; also fails with {@link InvalidUrlError} for an https URL
     */
    @Override
    public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer bodyProducer) {
        ClientRequest origin;
        try {
            origin = ClientRequest.create(method, uri, headers, bodyProducer);
        } catch (InvalidUrlError | InvalidRequestError e) {
            return Deferred.fail(e);
        }
        if (!origin.scheme().equals("http")) {
            return Deferred.fail(new InvalidUrlError("https through a proxy (CONNECT) is not supported: " + uri));
        }
        Headers h = origin.headers();
        if (!h.hasHeader("Host")) {
            h.addRawHeader("Host", origin.hostHeader());
        }
        String absolute = "http://" + origin.hostHeader() + origin.target();
        return agent.request(new ClientRequest(origin.method(), origin.uri(), "http", proxyHost, proxyPort, absolute,
                h, origin.body()));
    }
}
