package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;
import java.util.Objects;

/**
 * Connects with a transport reached through a {@link StreamTransportSupport}, such as TLS or Unix
 * sockets (Twisted's {@code SSL4ClientEndpoint} and {@code UNIXClientEndpoint});
 * {@code ssl:} and {@code unix:} client descriptions make one.
 *
 * <p>Threading: immutable; {@link #connect} is reactor thread only.
 *
 * @param <C> the options record, {@link SslClientOptions} or {@link UnixClientOptions}
 */
public final class TransportClientEndpoint<C> implements ClientEndpoint {
    private final StreamTransportSupport<?, C> support;
    private final C options;

    /**
     * Creates an endpoint.
     *
     * @param support connects with the transport
     * @param options where and how to connect
     */
    public TransportClientEndpoint(StreamTransportSupport<?, C> support, C options) {
        this.support = Objects.requireNonNull(support, "support");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Returns the options this endpoint connects with.
     *
     * @return the options
     */
    public C options() {
        return options;
    }

    @Override
    public <P extends Protocol> Deferred<P> connect(Factory<P> factory) {
        EndpointWrapping.WrappingClientFactory<P> wrapping = new EndpointWrapping.WrappingClientFactory<>(factory);
        try {
            support.connect(options, wrapping);
        } catch (RuntimeException e) {
            return Deferred.fail(e);
        }
        return wrapping.connected;
    }

    @Override
    public String toString() {
        return "TransportClientEndpoint(" + options + ")";
    }
}
