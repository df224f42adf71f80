package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Factory;
import io.torsion.internet.ListeningPort;
import java.util.Objects;

/**
 * Listens with a transport reached through a {@link StreamTransportSupport}, such as TLS or Unix
 * sockets (Twisted's {@code SSL4ServerEndpoint} and {@code UNIXServerEndpoint});
 * {@code ssl:} and {@code unix:} server descriptions make one.
 *
 * <p>Threading: immutable; {@link #listen} is reactor thread only.
 *
 * @param <S> the options record, {@link SslServerOptions} or {@link UnixServerOptions}
 */
public final class TransportServerEndpoint<S> implements ServerEndpoint {
    private final StreamTransportSupport<S, ?> support;
    private final S options;

    /**
     * Creates an endpoint.
     *
     * @param support listens with the transport
     * @param options where and how to listen
     */
    public TransportServerEndpoint(StreamTransportSupport<S, ?> support, S options) {
        this.support = Objects.requireNonNull(support, "support");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Returns the options this endpoint listens with.
     *
     * @return the options
     */
    public S options() {
        return options;
    }

    @Override
    public Deferred<ListeningPort> listen(Factory<?> factory) {
        try {
            return Deferred.succeed(support.listen(options, EndpointWrapping.asServerFactory(factory)));
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
    }

    @Override
    public String toString() {
        return "TransportServerEndpoint(" + options + ")";
    }
}
