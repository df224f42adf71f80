package io.torsion.internet;

import java.util.function.Supplier;

/**
 * Builds protocols for the connections a listening port accepts (Twisted's
 * {@code ServerFactory}). It adds nothing to {@link Factory} but says how it is meant to be used.
 *
 * <p>Threading: reactor thread only.
 *
 * @param <P> the protocols it builds
 */
public class ServerFactory<P extends Protocol> extends Factory<P> {
    /**
     * Creates a factory that builds protocols with {@code protocol}.
     *
     * @param protocol makes a new protocol per connection
     */
    public ServerFactory(Supplier<? extends P> protocol) {
        super(protocol);
    }

    /** Creates a factory for a subclass that overrides {@link #buildProtocol(Address)}. */
    protected ServerFactory() {
    }

    /**
     * Returns a server factory whose protocols come from {@code protocol}.
     *
     * @param protocol makes a new protocol per connection
     * @param <P> the protocol type
     * @return the factory
     */
    public static <P extends Protocol> ServerFactory<P> forProtocol(Supplier<? extends P> protocol) {
        return new ServerFactory<>(protocol);
    }
}
