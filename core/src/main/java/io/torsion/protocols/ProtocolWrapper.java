package io.torsion.protocols;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.TcpTransport;
import io.torsion.internet.Transport;
import java.util.List;
import java.util.Objects;

/**
 * Sits between a transport and the protocol it wraps, passing every event in and every call out,
 * so that a subclass can watch or change the traffic (Twisted's
 * {@code twisted.protocols.policies.ProtocolWrapper}). The wrapper is the transport the wrapped
 * protocol sees; {@link WrappingFactory} builds one per connection.
 *
 * <p>Lifecycle: 1. {@link #makeConnection} registers the wrapper with its factory and connects the
 * wrapped protocol to the wrapper; 2. events pass through; 3. {@link #connectionLost} unregisters
 * it and passes the reason on. Half-close events reach the wrapped protocol if it is a
 * {@link HalfCloseableProtocol}; otherwise the peer's end of input closes the connection.
 *
 * <p>The TCP methods ({@code loseWriteConnection}, socket options) throw
 * {@link UnsupportedOperationException} when the real transport is not a {@link TcpTransport}.
 *
 * <p>Threading: reactor thread only.
 */
public class ProtocolWrapper extends Protocol implements TcpTransport, HalfCloseableProtocol {
    private final WrappingFactory wrappingFactory;
    private final Protocol wrappedProtocol;

    /**
     * Creates a wrapper.
     *
     * @param factory the factory that tracks this wrapper
     * @param wrappedProtocol the protocol to wrap, not yet connected
     */
    public ProtocolWrapper(WrappingFactory factory, Protocol wrappedProtocol) {
        this.wrappingFactory = Objects.requireNonNull(factory, "factory");
        this.wrappedProtocol = Objects.requireNonNull(wrappedProtocol, "wrappedProtocol");
    }

    /**
     * Returns the wrapped protocol (Twisted's {@code wrappedProtocol}).
     *
     * @return the protocol
     */
    public Protocol wrappedProtocol() {
        return wrappedProtocol;
    }

    /**
     * Returns the factory that built this wrapper.
     *
     * @return the wrapping factory
     */
    public WrappingFactory wrappingFactory() {
        return wrappingFactory;
    }

    @Override
    public void makeConnection(Transport transport) {
        super.makeConnection(transport);
        wrappingFactory.registerProtocol(this);
        wrappedProtocol.makeConnection(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        wrappedProtocol.dataReceived(data);
    }

    @Override
    public void connectionLost(Failure reason) {
        wrappingFactory.unregisterProtocol(this);
        wrappedProtocol.connectionLost(reason);
    }

    @Override
    public void readConnectionLost() {
        if (wrappedProtocol instanceof HalfCloseableProtocol h) {
            h.readConnectionLost();
        } else {
            transport().loseConnection();
        }
    }

    @Override
    public void writeConnectionLost() {
        if (wrappedProtocol instanceof HalfCloseableProtocol h) {
            h.writeConnectionLost();
        }
    }

    @Override
    public String logPrefix() {
        return wrappedProtocol.logPrefix() + " (" + getClass().getSimpleName() + ")";
    }

    // ------------------------------------------------------------------ the transport side

    @Override
    public void write(byte[] data) {
        transport().write(data);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        transport().writeSequence(data);
    }

    @Override
    public void loseConnection() {
        transport().loseConnection();
    }

    @Override
    public void abortConnection() {
        transport().abortConnection();
    }

    @Override
    public boolean isDisconnecting() {
        return transport().isDisconnecting();
    }

    @Override
    public Address getPeer() {
        return transport().getPeer();
    }

    @Override
    public Address getHost() {
        return transport().getHost();
    }

    @Override
    public void registerProducer(Producer producer, boolean streaming) {
        transport().registerProducer(producer, streaming);
    }

    @Override
    public void unregisterProducer() {
        transport().unregisterProducer();
    }

    @Override
    public void pauseProducing() {
        transport().pauseProducing();
    }

    @Override
    public void resumeProducing() {
        transport().resumeProducing();
    }

    @Override
    public void stopProducing() {
        transport().stopProducing();
    }

    @Override
    public void loseWriteConnection() {
        tcp().loseWriteConnection();
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcp().setTcpNoDelay(enabled);
    }

    @Override
    public boolean getTcpNoDelay() {
        return tcp().getTcpNoDelay();
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcp().setTcpKeepAlive(enabled);
    }

    @Override
    public boolean getTcpKeepAlive() {
        return tcp().getTcpKeepAlive();
    }

    private TcpTransport tcp() {
        if (transport() instanceof TcpTransport t) {
            return t;
        }
        throw new UnsupportedOperationException("the wrapped transport is not a TCP transport: " + transport());
    }
}
