package io.torsion.internet;

import io.torsion.defer.Failure;
import java.util.function.Supplier;

/**
 * Builds the protocol for an outgoing connection and hears how the attempt went (Twisted's
 * {@code ClientFactory}).
 *
 * <p>Lifecycle per attempt: {@link #startedConnecting(Connector)}, then either
 * {@link #clientConnectionFailed} (no connection was made) or {@link #buildProtocol(Address)}
 * followed, when that connection ends, by {@link #clientConnectionLost}. Each hook's default does
 * nothing.
 *
 * <p>Threading: reactor thread only.
 *
 * @param <P> the protocols it builds
 */
public class ClientFactory<P extends Protocol> extends Factory<P> {
    /**
     * Creates a factory that builds protocols with {@code protocol}.
     *
     * @param protocol makes a new protocol per connection
     */
    public ClientFactory(Supplier<? extends P> protocol) {
        super(protocol);
    }

    /** Creates a factory for a subclass that overrides {@link #buildProtocol(Address)}. */
    protected ClientFactory() {
    }

    /**
     * Returns a client factory whose protocols come from {@code protocol}.
     *
     * @param protocol makes a new protocol per connection
     * @param <P> the protocol type
     * @return the factory
     */
    public static <P extends Protocol> ClientFactory<P> forProtocol(Supplier<? extends P> protocol) {
        return new ClientFactory<>(protocol);
    }

    /**
     * Reports that a connection attempt has begun.
     *
     * @param connector the connector, which can {@link Connector#stopConnecting()} the attempt
     */
    public void startedConnecting(Connector connector) {
    }

    /**
     * Reports that a connection attempt failed.
     *
     * @param connector the connector, which can {@link Connector#connect()} again
     * @param reason why, usually a {@link ConnectError}
     */
    public void clientConnectionFailed(Connector connector, Failure reason) {
    }

    /**
     * Reports that an established connection ended.
     *
     * @param connector the connector, which can {@link Connector#connect()} again
     * @param reason {@link ConnectionDone} for a clean close, {@link ConnectionLost} otherwise
     */
    public void clientConnectionLost(Connector connector, Failure reason) {
    }
}
