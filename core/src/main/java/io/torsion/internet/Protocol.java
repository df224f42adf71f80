package io.torsion.internet;

import io.torsion.defer.Failure;
import java.util.Objects;

/**
 * Handles the events of one connection: it is made, bytes arrive, it is lost (Twisted's
 * {@code twisted.internet.protocol.Protocol}, with {@code BaseProtocol}). Subclass it and
 * override the hooks you need; each default does nothing.
 *
 * <p>Lifecycle, driven by the transport, in this order:
 * <ol>
 *   <li>{@link #makeConnection(Transport)} stores the transport and calls {@link #connectionMade()};</li>
 *   <li>{@link #dataReceived(byte[])}, zero or more times, with the bytes in arrival order but cut
 *       into arbitrary chunks (a "message" may arrive in many calls, or several in one);</li>
 *   <li>{@link #connectionLost(Failure)} once, with {@link ConnectionDone} for a clean close and
 *       {@link ConnectionLost} otherwise.</li>
 * </ol>
 *
 * <pre>{@code
 * class Echo extends Protocol {
 *     @Override public void dataReceived(byte[] data) { transport().write(data); }
 * }
 * Factory<Echo> factory = Factory.forProtocol(Echo::new);
 * }</pre>
 *
 * <p>BAD: treating one {@code dataReceived} call as one message. GOOD: frame the stream, for
 * example with {@code io.torsion.protocols.LineReceiver}.
 *
 * <p>Threading: reactor thread only.
 */
public abstract class Protocol {
    private enum State { NOT_CONNECTED, CONNECTED }

    private State state = State.NOT_CONNECTED;
    private Transport transport;
    private Factory<?> factory;

    /** Creates a protocol not yet connected. */
    protected Protocol() {
    }

    /**
     * Connects this protocol to its transport and then calls {@link #connectionMade()}. Called by
     * the transport (or a test double) once; override only to add to it, calling super first.
     *
     * @param transport the connection's transport
     * @throws NullPointerException if {@code transport} is null
     * @throws IllegalStateException if the protocol was connected before
     */
    public void makeConnection(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        if (state != State.NOT_CONNECTED) {
            throw new IllegalStateException("makeConnection called on a protocol in state " + state);
        }
        this.transport = transport;
        state = State.CONNECTED;
        connectionMade();
    }

    /** Reports that the connection is ready; the transport is available. Default: nothing. */
    public void connectionMade() {
    }

    /**
     * Reports bytes received, in order, in chunks of arbitrary size. Default: ignores them.
     *
     * @param data the bytes; the protocol may keep the array, the transport does not reuse it
     */
    public void dataReceived(byte[] data) {
    }

    /**
     * Reports that the connection has closed; nothing more will be received or sent. Default:
     * nothing.
     *
     * @param reason {@link ConnectionDone} for a clean close, {@link ConnectionLost} (or
     *     {@link ConnectionAborted}) otherwise
     */
    public void connectionLost(Failure reason) {
    }

    /**
     * Returns the transport this protocol was connected to.
     *
     * @return the transport
     * @throws IllegalStateException before {@link #makeConnection(Transport)}
     */
    public Transport transport() {
        if (state != State.CONNECTED) {
            throw new IllegalStateException("no transport: the protocol is in state " + state);
        }
        return transport;
    }

    /**
     * Tells whether {@link #makeConnection(Transport)} has run (Twisted's {@code connected}).
     *
     * @return true once connected; it stays true after the connection is lost
     */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /**
     * Returns the factory that built this protocol (Twisted's {@code factory} attribute).
     *
     * @return the factory
     * @throws IllegalStateException if no factory built or adopted this protocol
     */
    public Factory<?> factory() {
        if (factory == null) {
            throw new IllegalStateException("this protocol was not built by a factory: " + this);
        }
        return factory;
    }

    /**
     * Tells whether a factory built or adopted this protocol.
     *
     * @return true if {@link #factory()} will return one
     */
    public boolean hasFactory() {
        return factory != null;
    }

    /**
     * Records the factory that built this protocol; {@link Factory#buildProtocol} calls it.
     *
     * @param factory the factory
     * @throws NullPointerException if {@code factory} is null
     */
    public void setFactory(Factory<?> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Returns the prefix for log lines about this connection (Twisted's {@code logPrefix}).
     *
     * @return by default, the class's simple name
     */
    public String logPrefix() {
        String name = getClass().getSimpleName();
        return name.isEmpty() ? getClass().getName() : name;
    }
}
