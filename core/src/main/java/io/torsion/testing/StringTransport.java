package io.torsion.testing;

import io.torsion.internet.Address;
import io.torsion.internet.Consumer;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.TcpTransport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transport for unit tests that records what the protocol wrote and did, and sends nothing
 * anywhere (Twisted's {@code twisted.internet.testing.StringTransport}).
 *
 * <p>It records: the bytes written ({@link #value()}); whether the protocol called
 * {@code loseConnection}, {@code abortConnection} or {@code loseWriteConnection}
 * ({@link #connectionState()}); the registered producer; its own state as a push producer
 * ({@link #producerState()}); and the socket options set. It never calls the protocol back: to
 * test {@code connectionLost}, call it yourself.
 *
 * <pre>{@code
 * LineEcho protocol = new LineEcho();
 * StringTransport transport = StringTransport.connect(protocol);
 * protocol.dataReceived("hello\r\n".getBytes(US_ASCII));
 * assertEquals("hello\r\n", transport.valueAsString());
 * }</pre>
 *
 * <p>Misuse throws, as in Twisted: registering a second producer, unregistering when none is
 * registered, a streaming flag that does not match the producer, pausing or resuming after the
 * connection started closing, and resuming after {@code stopProducing}.
 *
 * <p>Threading: not thread-safe; use it from the test's thread.
 */
public class StringTransport implements TcpTransport {
    /** The peer address reported when none is given, as in Twisted. */
    public static final IPv4Address DEFAULT_PEER = IPv4Address.tcp("192.168.1.1", 54321);
    /** The host address reported when none is given, as in Twisted. */
    public static final IPv4Address DEFAULT_HOST = IPv4Address.tcp("10.0.0.1", 12345);

    /** What the protocol did to the connection. */
    public enum ConnectionState {
        /** Nothing yet. */
        CONNECTED,
        /** {@code loseWriteConnection} was called, and neither of the two below. */
        WRITE_CLOSED,
        /** {@code loseConnection} was called. */
        DISCONNECTING,
        /** {@code abortConnection} was called. */
        ABORTED
    }

    /** The transport's own state as a push producer, as set by its protocol. */
    public enum ProducerState {
        /** Delivering (the initial state). */
        PRODUCING,
        /** {@code pauseProducing} was called. */
        PAUSED,
        /** {@code stopProducing} was called; final. */
        STOPPED
    }

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final Address host;
    private final Address peer;
    private ConnectionState connectionState = ConnectionState.CONNECTED;
    private ProducerState producerState = ProducerState.PRODUCING;
    private Producer producer;
    private boolean streaming;
    private boolean tcpNoDelay;
    private boolean tcpKeepAlive;

    /** Creates a transport reporting {@link #DEFAULT_HOST} and {@link #DEFAULT_PEER}. */
    public StringTransport() {
        this(DEFAULT_HOST, DEFAULT_PEER);
    }

    /**
     * Creates a transport reporting the given addresses.
     *
     * @param host what {@link #getHost()} returns
     * @param peer what {@link #getPeer()} returns
     */
    public StringTransport(Address host, Address peer) {
        this.host = Objects.requireNonNull(host, "host");
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    /**
     * Creates a transport and connects {@code protocol} to it, so that its
     * {@code connectionMade} runs.
     *
     * @param protocol the protocol under test
     * @return the new transport
     */
    public static StringTransport connect(Protocol protocol) {
        StringTransport transport = new StringTransport();
        protocol.makeConnection(transport);
        return transport;
    }

    /**
     * Returns a copy of all the bytes written since creation or the last {@link #clear()}.
     *
     * @return the bytes
     */
    public byte[] value() {
        return written.toByteArray();
    }

    /**
     * Returns the bytes written, each byte as one character (ISO-8859-1), for readable asserts.
     *
     * @return the text
     */
    public String valueAsString() {
        return written.toString(StandardCharsets.ISO_8859_1);
    }

    /** Forgets the bytes written so far. */
    public void clear() {
        written.reset();
    }

    /**
     * Returns what the protocol did to the connection.
     *
     * @return the state
     */
    public ConnectionState connectionState() {
        return connectionState;
    }

    /**
     * Returns the transport's state as a push producer.
     *
     * @return the state
     */
    public ProducerState producerState() {
        return producerState;
    }

    /**
     * Returns the registered producer.
     *
     * @return the producer, or empty if none is registered
     */
    public Optional<Producer> producer() {
        return Optional.ofNullable(producer);
    }

    /**
     * Tells whether the registered producer was registered as streaming.
     *
     * @return the flag given to {@link #registerProducer}
     * @throws IllegalStateException if no producer is registered
     */
    public boolean isProducerStreaming() {
        if (producer == null) {
            throw new IllegalStateException("no producer is registered");
        }
        return streaming;
    }

    @Override
    public void write(byte[] data) {
        written.writeBytes(data);
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        data.forEach(this::write);
    }

    @Override
    public void loseConnection() {
        if (connectionState != ConnectionState.ABORTED) {
            connectionState = ConnectionState.DISCONNECTING;
        }
    }

    @Override
    public void abortConnection() {
        connectionState = ConnectionState.ABORTED;
    }

    @Override
    public void loseWriteConnection() {
        if (connectionState == ConnectionState.CONNECTED) {
            connectionState = ConnectionState.WRITE_CLOSED;
        }
    }

    @Override
    public boolean isDisconnecting() {
        return connectionState == ConnectionState.DISCONNECTING || connectionState == ConnectionState.ABORTED;
    }

    @Override
    public Address getPeer() {
        return peer;
    }

    @Override
    public Address getHost() {
        return host;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if a producer is already registered
     * @throws IllegalArgumentException if {@code streaming} does not match the producer's kind
     */
    @Override
    public void registerProducer(Producer newProducer, boolean isStreaming) {
        Consumer.checkProducerKind(newProducer, isStreaming);
        if (producer != null) {
            throw new IllegalStateException("cannot register two producers: " + producer + " is registered");
        }
        producer = newProducer;
        streaming = isStreaming;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if no producer is registered
     */
    @Override
    public void unregisterProducer() {
        if (producer == null) {
            throw new IllegalStateException("cannot unregister a producer unless one is registered");
        }
        producer = null;
    }

    /**
     * Records that the protocol paused this transport.
     *
     * @throws IllegalStateException after {@code loseConnection}/{@code abortConnection} or
     *     {@code stopProducing}
     */
    @Override
    public void pauseProducing() {
        checkCanProduce("pause");
        producerState = ProducerState.PAUSED;
    }

    /**
     * Records that the protocol resumed this transport.
     *
     * @throws IllegalStateException after {@code loseConnection}/{@code abortConnection} or
     *     {@code stopProducing}
     */
    @Override
    public void resumeProducing() {
        checkCanProduce("resume");
        producerState = ProducerState.PRODUCING;
    }

    /** Records that the protocol stopped this transport for good. */
    @Override
    public void stopProducing() {
        producerState = ProducerState.STOPPED;
    }

    @Override
    public void setTcpNoDelay(boolean enabled) {
        tcpNoDelay = enabled;
    }

    @Override
    public boolean getTcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public void setTcpKeepAlive(boolean enabled) {
        tcpKeepAlive = enabled;
    }

    @Override
    public boolean getTcpKeepAlive() {
        return tcpKeepAlive;
    }

    private void checkCanProduce(String action) {
        if (isDisconnecting()) {
            throw new IllegalStateException("cannot " + action + " producing: connection state is " + connectionState);
        }
        if (producerState == ProducerState.STOPPED) {
            throw new IllegalStateException("cannot " + action + " a stopped producer");
        }
    }
}
