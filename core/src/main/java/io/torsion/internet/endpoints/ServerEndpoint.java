package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Factory;
import io.torsion.internet.ListeningPort;

/**
 * Listens for connections somewhere, hiding whether that is TCP, TLS or a Unix socket (Twisted's
 * {@code IStreamServerEndpoint}). Make one with a constructor such as
 * {@link TCP4ServerEndpoint#TCP4ServerEndpoint(io.torsion.internet.ReactorTCP, int)} or from a
 * description with {@link Endpoints#serverFromString}.
 *
 * <pre>{@code
 * Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1")
 *          .listen(Factory.forProtocol(Echo::new))
 *          .addCallback(port -> { System.out.println("listening on " + port.getHost()); return null; });
 * }</pre>
 *
 * <p>Threading: reactor thread only.
 */
public interface ServerEndpoint {
    /**
     * Starts listening; each accepted connection gets a protocol from {@code factory}.
     *
     * @param factory builds one protocol per connection; its {@code doStart} runs once listening
     * @return fires with the listening port; fails with {@link io.torsion.internet.CannotListenError}
     *     if the address cannot be bound (for example the port is in use), or with
     *     {@link UnsupportedOperationException} if the reactor lacks the transport
     */
    Deferred<ListeningPort> listen(Factory<?> factory);
}
