package io.torsion.web;

import io.torsion.defer.Failure;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.ReactorTCP;
import java.util.Objects;

/**
 * Forwards requests to another HTTP server and relays its responses (Twisted's
 * {@code twisted.web.proxy.ReverseProxyResource}).
 *
 * <pre>{@code
 * root.putChild("api", new ReverseProxyResource("127.0.0.1", 9000, "/v1", reactor));
 * // GET /api/users?x=1  →  GET /v1/users?x=1 on 127.0.0.1:9000
 * }</pre>
 *
 * <p>As in Twisted, each request opens one connection and speaks HTTP/1.0 to the backend with
 * {@code Connection: close}; the {@code Host} header is rewritten to the backend's address, and
 * hop-by-hop headers (RFC 9110 §7.6.1) are dropped both ways. The backend's body streams to the
 * client with flow control (the backend connection is paused while the client reads slowly). A
 * backend that cannot be reached or answers with a malformed head gets the client a 502.
 *
 * <p>Threading: reactor thread only.
 */
public class ReverseProxyResource extends Resource {
    private final String host;
    private final int port;
    private final String path;
    private final ReactorTCP reactor;

    /**
     * Creates a proxy to {@code host:port} whose root is {@code path}.
     *
     * @param host the backend's host name or address
     * @param port the backend's port
     * @param path the path prefix on the backend, e.g. {@code ""} or {@code /v1}
     * @param reactor the reactor that connects to the backend
     */
    public ReverseProxyResource(String host, int port, String path, ReactorTCP reactor) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.path = Objects.requireNonNull(path, "path");
        this.reactor = Objects.requireNonNull(reactor, "reactor");
    }

    /**
     * Returns a proxy for the child path, as Twisted's {@code getChild}.
     *
     * @param segment the decoded segment; re-encoded for the backend
     * @param request the request
     * @return a proxy one segment deeper
     */
    @Override
    public Resource getChild(String segment, Request request) {
        return new ReverseProxyResource(host, port, path + "/" + UrlCoding.quoteSegment(segment), reactor);
    }

    /**
     * Forwards the request; the response is written when the backend answers.
     *
     * @param request the request
     * @return {@link RenderResult#notDoneYet()}
     */
    @Override
    public RenderResult render(Request request) {
        String query = request.getUri().indexOf('?') >= 0 ? request.getUri().substring(request.getUri().indexOf('?')) : "";
        String target = (path.isEmpty() ? "/" : path) + query;
        String hostHeader = port == 80 ? host : host + ":" + port;
        ProxyClient client = new ProxyClient(request, target, hostHeader);
        reactor.connectTCP(host, port, new ClientFactory<ProxyClient>(() -> client) {
            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                client.backendFailed("the backend could not be reached");
            }
        });
        return RenderResult.notDoneYet();
    }
}
