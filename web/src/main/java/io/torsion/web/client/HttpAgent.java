package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorTime;
import io.torsion.web.Headers;
import java.util.Objects;

/**
 * Sends HTTP/1.1 requests over TCP or TLS connections taken from a {@link HttpConnectionPool}
 * (Twisted's {@code twisted.web.client.Agent}). Host names are resolved on the reactor's thread
 * pool by {@code connectTCP}/{@code connectSSL}, never on the reactor thread.
 *
 * <p>Deviation: Twisted's {@code Agent} is a class implementing {@code IAgent}; here
 * {@link Agent} is the interface and this class is the agent that talks to servers.
 *
 * <p>Threading: reactor thread only.
 */
public class HttpAgent implements Agent {
    private final Reactor reactor;
    private final HttpConnectionPool pool;
    private final AgentOptions options;

    /**
     * Creates an agent with a non-persistent pool and the default options.
     *
     * @param reactor connects and times
     */
    public HttpAgent(Reactor reactor) {
        this(reactor, new HttpConnectionPool(reactor, false), AgentOptions.defaults());
    }

    /**
     * Creates an agent.
     *
     * @param reactor connects and times
     * @param pool where connections come from and go back to
     * @param options timeouts and TLS
     */
    public HttpAgent(Reactor reactor, HttpConnectionPool pool, AgentOptions options) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Returns the pool this agent uses.
     *
     * @return the pool
     */
    public HttpConnectionPool pool() {
        return pool;
    }

    @Override
    public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer bodyProducer) {
        ClientRequest request;
        try {
            request = ClientRequest.create(method, uri, headers, bodyProducer);
        } catch (InvalidUrlError | InvalidRequestError e) {
            return Deferred.fail(e);
        }
        return request(request);
    }

    Deferred<Response> request(ClientRequest request) {
        HttpConnectionPool.Key key = new HttpConnectionPool.Key(request.scheme(), request.connectHost(), request.port());
        return pool.getConnection(key, () -> connect(request))
                .addCallbackDeferred(protocol -> send(protocol, request, key));
    }

    private Deferred<Response> send(HttpClientProtocol protocol, ClientRequest request, HttpConnectionPool.Key key) {
        boolean reused = protocol.requestsStarted() > 0;
        Deferred<Response> sent = protocol.request(request, pool.isPersistent());
        if (!reused || !pool.retryAutomatically() || !request.isRetryable()) {
            return sent;
        }
        // The server may have closed an idle connection just as we reused it: retry once, on a new one.
        return sent.addErrbackDeferred(failure -> {
            if (failure.check(ResponseNeverReceived.class, RequestTransmissionFailed.class)) {
                return pool.newConnection(key, () -> connect(request))
                        .addCallbackDeferred(fresh -> fresh.request(request, pool.isPersistent()));
            }
            return Deferred.<Response>fail(failure);
        });
    }

    private Deferred<HttpClientProtocol> connect(ClientRequest request) {
        Connector[] connector = new Connector[1];
        // Cancelling before the connection is made stops the attempt; afterwards it closes the connection.
        boolean[] cancelled = {false};
        Deferred<HttpClientProtocol> result = new Deferred<>(d -> {
            cancelled[0] = true;
            if (connector[0] != null) {
                connector[0].disconnect();
            }
        });
        double responseTimeout = ReactorTime.toSeconds(options.responseTimeout());
        ClientFactory<HttpClientProtocol> factory = new ClientFactory<>(
                () -> new HttpClientProtocol(reactor, responseTimeout)) {
            @Override
            public HttpClientProtocol buildProtocol(Address address) {
                HttpClientProtocol p = super.buildProtocol(address);
                p.whenConnected().chainDeferred(result);
                return p;
            }

            @Override
            public void clientConnectionFailed(Connector connector, Failure reason) {
                if (!result.isCalled() && !cancelled[0]) {
                    result.errback(reason);
                }
            }
        };
        if (request.scheme().equals("https")) {
            connector[0] = reactor.connectSSL(request.connectHost(), request.port(), factory,
                    options.tlsOptions().apply(request.connectHost()), options.connectTimeout(), null);
        } else {
            connector[0] = reactor.connectTCP(request.connectHost(), request.port(), factory, options.connectTimeout(), null);
        }
        return result;
    }
}
