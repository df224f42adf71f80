package io.torsion.protocols;

import io.torsion.internet.Address;
import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Wraps every protocol another factory builds in a {@link ProtocolWrapper}, and keeps the set of
 * live wrappers (Twisted's {@code twisted.protocols.policies.WrappingFactory}). Subclasses override
 * {@link #wrapProtocol(Protocol)} to use their own wrapper.
 *
 * <p>Starting and stopping this factory starts and stops the wrapped one. Unlike Twisted's, it is
 * a server factory only: it does not forward the client hooks.
 *
 * <p>Threading: reactor thread only.
 */
public class WrappingFactory extends ServerFactory<ProtocolWrapper> {
    private final Factory<?> wrappedFactory;
    private final Set<ProtocolWrapper> protocols = new LinkedHashSet<>();

    /**
     * Creates a factory wrapping {@code wrappedFactory}.
     *
     * @param wrappedFactory builds the real protocols
     */
    public WrappingFactory(Factory<?> wrappedFactory) {
        this.wrappedFactory = Objects.requireNonNull(wrappedFactory, "wrappedFactory");
    }

    /**
     * Returns the wrapped factory (Twisted's {@code wrappedFactory}).
     *
     * @return the factory
     */
    public Factory<?> wrappedFactory() {
        return wrappedFactory;
    }

    /**
     * Builds the wrapped factory's protocol for {@code address} and wraps it.
     *
     * @param address the peer's address
     * @return the wrapper
     */
    @Override
    public ProtocolWrapper buildProtocol(Address address) {
        ProtocolWrapper wrapper = wrapProtocol(wrappedFactory.buildProtocol(address));
        wrapper.setFactory(this);
        return wrapper;
    }

    /**
     * Wraps one protocol; override to use a subclass of {@link ProtocolWrapper}.
     *
     * @param protocol the protocol the wrapped factory built
     * @return its wrapper
     */
    protected ProtocolWrapper wrapProtocol(Protocol protocol) {
        return new ProtocolWrapper(this, protocol);
    }

    /**
     * Records a connected wrapper; {@link ProtocolWrapper#makeConnection} calls it.
     *
     * @param wrapper the wrapper
     */
    public void registerProtocol(ProtocolWrapper wrapper) {
        protocols.add(wrapper);
    }

    /**
     * Forgets a wrapper whose connection was lost; {@link ProtocolWrapper#connectionLost} calls it.
     *
     * @param wrapper the wrapper
     */
    public void unregisterProtocol(ProtocolWrapper wrapper) {
        protocols.remove(wrapper);
    }

    /**
     * Returns the wrappers of the connections now open (Twisted's {@code protocols}).
     *
     * @return an unmodifiable view, in connection order
     */
    public Set<ProtocolWrapper> protocols() {
        return Collections.unmodifiableSet(protocols);
    }

    @Override
    public void startFactory() {
        wrappedFactory.doStart();
    }

    @Override
    public void stopFactory() {
        wrappedFactory.doStop();
    }
}
