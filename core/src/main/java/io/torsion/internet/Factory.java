package io.torsion.internet;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds one {@link Protocol} per connection and holds the state the connections share
 * (Twisted's {@code twisted.internet.protocol.Factory}).
 *
 * <p>Either give it a supplier ({@link #forProtocol(Supplier)}, or the constructor from a
 * subclass) or override {@link #buildProtocol(Address)}.
 *
 * <p>Lifecycle: every port or connector using the factory calls {@link #doStart()} when it begins
 * and {@link #doStop()} when it ends; the first {@code doStart} calls {@link #startFactory()} and
 * the {@code doStop} that balances the last one calls {@link #stopFactory()}. Unlike Twisted,
 * an unbalanced {@code doStop} throws instead of being ignored.
 *
 * <p>Threading: reactor thread only.
 *
 * @param <P> the protocols it builds
 */
public class Factory<P extends Protocol> {
    private final Supplier<? extends P> protocol;
    private int numPorts;

    /**
     * Creates a factory that builds protocols with {@code protocol}.
     *
     * @param protocol makes a new protocol per connection (Twisted's {@code protocol} attribute)
     * @throws NullPointerException if {@code protocol} is null
     */
    public Factory(Supplier<? extends P> protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /**
     * Creates a factory for a subclass that overrides {@link #buildProtocol(Address)}; the default
     * {@code buildProtocol} of such a factory throws.
     */
    protected Factory() {
        this.protocol = null;
    }

    /**
     * Returns a factory whose protocols come from {@code protocol} (Twisted's
     * {@code Factory.forProtocol}).
     *
     * @param protocol makes a new protocol per connection
     * @param <P> the protocol type
     * @return the factory
     */
    public static <P extends Protocol> Factory<P> forProtocol(Supplier<? extends P> protocol) {
        return new Factory<>(protocol);
    }

    /**
     * Builds the protocol for a new connection from {@code address} and records this factory on it.
     * A subclass may override it to build protocols differently; it must return a new protocol.
     *
     * @param address the peer's address (for a client factory, the address connected to)
     * @return the new protocol, with {@link Protocol#factory()} set to this
     * @throws IllegalStateException if the factory has no supplier and the method is not overridden
     */
    public P buildProtocol(Address address) {
        if (protocol == null) {
            throw new IllegalStateException(getClass().getName()
                    + " has no protocol supplier: pass one to the constructor or override buildProtocol");
        }
        P p = Objects.requireNonNull(protocol.get(), "the protocol supplier returned null");
        p.setFactory(this);
        return p;
    }

    /**
     * Records that one more port or connector uses this factory, calling {@link #startFactory()}
     * for the first.
     */
    public void doStart() {
        if (numPorts == 0) {
            startFactory();
        }
        numPorts++;
    }

    /**
     * Records that a port or connector stopped using this factory, calling {@link #stopFactory()}
     * when it was the last.
     *
     * @throws IllegalStateException if there was no matching {@link #doStart()}
     */
    public void doStop() {
        if (numPorts == 0) {
            throw new IllegalStateException("doStop without a matching doStart on " + this);
        }
        numPorts--;
        if (numPorts == 0) {
            stopFactory();
        }
    }

    /**
     * Returns how many ports or connectors use this factory now (Twisted's {@code numPorts}).
     *
     * @return the count of {@link #doStart()} calls not yet balanced by {@link #doStop()}
     */
    public int getNumPorts() {
        return numPorts;
    }

    /** Prepares shared state before the first connection, for example opening a log. Default: nothing. */
    public void startFactory() {
    }

    /** Releases shared state after the last port or connector stopped. Default: nothing. */
    public void stopFactory() {
    }

    /**
     * Returns the prefix for log lines about this factory (Twisted's {@code logPrefix}).
     *
     * @return by default, the class's simple name
     */
    public String logPrefix() {
        String name = getClass().getSimpleName();
        return name.isEmpty() ? getClass().getName() : name;
    }
}
