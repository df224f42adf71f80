package io.torsion.internet.endpoints;

import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.ServerFactory;

/**
 * Listens and connects with one kind of stream transport described by an options record; the
 * {@code ssl:} and {@code unix:} endpoints call it so that they do not depend on how a reactor
 * provides TLS or Unix sockets. {@link Endpoints.TransportSupports#forReactor(Object)} finds a
 * reactor's.
 *
 * <p>Threading: reactor thread only.
 *
 * @param <S> the server options record
 * @param <C> the client options record
 */
public interface StreamTransportSupport<S, C> {
    /**
     * Starts listening as {@code options} say.
     *
     * @param options where and how to listen
     * @param factory builds one protocol per connection
     * @return the listening port
     * @throws io.torsion.internet.CannotListenError if the address cannot be bound
     * @throws IllegalArgumentException if the options cannot be used, for example an
     *     {@link EndpointFileError} for an {@code ssl:} key file that cannot be read
     */
    ListeningPort listen(S options, ServerFactory<?> factory);

    /**
     * Starts connecting as {@code options} say; the factory hears how it goes, as with
     * {@code connectTCP}.
     *
     * @param options where and how to connect
     * @param factory builds the protocol and hears about the attempt
     * @return the connector
     * @throws IllegalArgumentException if the options cannot be used, for example an
     *     {@link EndpointFileError} for an {@code ssl:} trust file that cannot be read
     */
    Connector connect(C options, ClientFactory<?> factory);
}
