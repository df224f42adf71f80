package io.torsion.protocols;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ClientTlsOptions;
import io.torsion.internet.ConnectionAborted;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionLost;
import io.torsion.internet.Consumer;
import io.torsion.internet.HandshakeListener;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.SSLTransport;
import io.torsion.internet.ServerTlsOptions;
import io.torsion.internet.TlsError;
import io.torsion.internet.TlsOptions;
import io.torsion.internet.TlsVersion;
import io.torsion.internet.Transport;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * Runs TLS over any transport by wrapping the user's protocol: it is the protocol of the
 * underlying transport (which sees ciphertext) and gives the wrapped protocol an
 * {@link SSLTransport} (which sees plain bytes) (Twisted's
 * {@code twisted.protocols.tls.TLSMemoryBIOProtocol}). It drives a JDK {@link SSLEngine}; it works
 * over TCP, over the in-memory {@link io.torsion.testing.Loopback}, or over any other transport.
 *
 * <pre>{@code
 * // what listenSSL does for each accepted connection:
 * Protocol onTheWire = TlsProtocol.server(serverOptions, new Echo());
 * // in a test, without sockets:
 * Loopback loop = Loopback.connect(TlsProtocol.client(clientOptions, client),
 *                                  TlsProtocol.server(serverOptions, server));
 * loop.flush();
 * }</pre>
 *
 * <p>Lifecycle, enforced by its state:
 * <ol>
 *   <li>{@code makeConnection}: the handshake starts and the wrapped protocol's
 *       {@code makeConnection} runs at once, as in Twisted; what it writes is kept and sent once
 *       the handshake is done;</li>
 *   <li>handshake done: a wrapped {@link HandshakeListener} hears {@code handshakeCompleted};
 *       bytes flow both ways;</li>
 *   <li>{@code loseConnection} on the wrapped protocol's transport: once the written bytes are
 *       encrypted (and any producer unregistered) a TLS close_notify is sent; when the peer's
 *       close_notify arrives (or the peer closes), the underlying transport is closed and the
 *       wrapped protocol gets {@link ConnectionDone}. A close_notify from the peer is answered
 *       the same way. {@code abortConnection} aborts the underlying transport without close_notify
 *       and the wrapped protocol gets {@link ConnectionAborted};</li>
 *   <li>failures: a TLS failure (refused certificate, hostname mismatch, bytes that are not TLS,
 *       no common version or ALPN protocol) sends the engine's alert if it has one, closes the
 *       underlying transport and reports a {@link TlsError} naming the kind. A peer that closes
 *       before the handshake is done gives {@code TlsError} of kind
 *       {@link TlsError.Kind#HANDSHAKE_INTERRUPTED}; one that closes after it without close_notify
 *       gives {@link ConnectionLost} (a possible truncation).</li>
 * </ol>
 *
 * <p>Engine work: the engine's delegated tasks (certificate checks, key agreement) run inline on
 * the reactor thread, as OpenSSL's do in Twisted; they take milliseconds, not a blocking wait.
 *
 * <p>Flow control: a producer registered on the TLS transport is registered on the underlying
 * transport too, so it is paused when the ciphertext queue passes that transport's high-water
 * mark; {@code pauseProducing} on the TLS transport pauses the underlying one. Bytes written
 * before the handshake is done are held here without a limit.
 *
 * <p>Re-entrancy: the wrapped protocol may call any transport method from {@code dataReceived};
 * the work is done when the current engine step returns. After {@code loseConnection} no more
 * received data is delivered.
 *
 * <p>Threading: reactor thread only (the thread of the underlying transport).
 */
public final class TlsProtocol extends Protocol {
    private enum State { NEW, HANDSHAKING, OPEN, SHUTTING_DOWN, DISCONNECTED }

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final int MAX_BUFFERS_PER_WRAP = 16;

    private final SSLEngine engine;
    private final Protocol wrapped;
    private final boolean wrappedConnected;
    private final View view = new View();
    private final ArrayDeque<ByteBuffer> appOut = new ArrayDeque<>();
    private State state = State.NEW;
    private Transport lower;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean userClosing;
    private boolean aborted;
    private boolean outboundClosed;
    private boolean driving;
    private boolean again;
    private Producer producer;
    private Exception reason;
    private Failure lostReason;

    /**
     * Creates the wrapper around {@code wrapped}, driving {@code engine}; the engine's client or
     * server mode decides which side this is.
     *
     * @param engine a fresh engine, not yet handshaking
     * @param wrapped the user's protocol, not yet connected
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if {@code wrapped} is connected already
     */
    public TlsProtocol(SSLEngine engine, Protocol wrapped) {
        this(engine, wrapped, false);
    }

    private TlsProtocol(SSLEngine engine, Protocol wrapped, boolean wrappedConnected) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
        if (!wrappedConnected && wrapped.isConnected()) {
            throw new IllegalArgumentException("the wrapped protocol is connected already: " + wrapped);
        }
        this.wrappedConnected = wrappedConnected;
    }

    /**
     * Wraps {@code wrapped} as the client side, with a context built from {@code options}.
     *
     * @param options the client's settings
     * @param wrapped the user's protocol
     * @return the wrapper, to connect to the underlying transport
     * @throws IllegalArgumentException if the options' keys or trust cannot be used
     */
    public static TlsProtocol client(ClientTlsOptions options, Protocol wrapped) {
        return new TlsProtocol(options.newEngine(options.newContext()), wrapped);
    }

    /**
     * Wraps {@code wrapped} as the server side, with a context built from {@code options}.
     *
     * @param options the server's settings
     * @param wrapped the user's protocol
     * @return the wrapper, to connect to the underlying transport
     * @throws IllegalArgumentException if the options' keys or trust cannot be used
     */
    public static TlsProtocol server(ServerTlsOptions options, Protocol wrapped) {
        return new TlsProtocol(options.newEngine(options.newContext()), wrapped);
    }

    /**
     * Wraps with {@code options}, client or server as their type says.
     *
     * @param options the settings
     * @param wrapped the user's protocol
     * @return the wrapper
     */
    public static TlsProtocol wrap(TlsOptions options, Protocol wrapped) {
        return new TlsProtocol(options.newEngine(options.newContext()), wrapped);
    }

    /**
     * Makes a wrapper for Twisted's {@code startTLS}: {@code connected} already runs over the
     * transport that will carry TLS, so its {@code makeConnection} is not called again; that
     * transport must pass its writes and closes on to {@link #sslTransport()} from now on.
     *
     * @param engine a fresh engine
     * @param connected the protocol already connected to the transport
     * @return the wrapper, to become the transport's protocol
     */
    public static TlsProtocol adopting(SSLEngine engine, Protocol connected) {
        return new TlsProtocol(engine, connected, true);
    }

    /**
     * Returns the transport the wrapped protocol writes plain bytes to.
     *
     * @return the TLS transport
     */
    public SSLTransport sslTransport() {
        return view;
    }

    /**
     * Returns the wrapped protocol (Twisted's {@code wrappedProtocol}).
     *
     * @return the user's protocol
     */
    public Protocol wrappedProtocol() {
        return wrapped;
    }

    // ------------------------------------------------------------------ events from below

    @Override
    public void connectionMade() {
        if (state != State.NEW) {
            throw new IllegalStateException("TLS connectionMade in state " + state);
        }
        lower = transport();
        SSLSession session = engine.getSession();
        netIn = ByteBuffer.allocate(session.getPacketBufferSize());
        appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
        netOut = ByteBuffer.allocate(session.getPacketBufferSize());
        state = State.HANDSHAKING;
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
        }
        if (!wrappedConnected) {
            wrapped.makeConnection(view);
        }
        drive();
    }

    @Override
    public void dataReceived(byte[] data) {
        if (state == State.DISCONNECTED || state == State.NEW) {
            return;
        }
        if (netIn.remaining() < data.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.position() + data.length));
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data);
        drive();
    }

    @Override
    public void connectionLost(Failure lowerReason) {
        if (state == State.DISCONNECTED) {
            return;
        }
        boolean wasOpen = state == State.OPEN || state == State.SHUTTING_DOWN;
        state = State.DISCONNECTED;
        Exception why;
        if (reason != null) {
            why = reason;
        } else if (aborted || lowerReason.check(ConnectionAborted.class)) {
            why = asException(lowerReason);
        } else if (!wasOpen && !engine.isInboundDone()) {
            why = new TlsError(TlsError.Kind.HANDSHAKE_INTERRUPTED,
                    "the connection closed before the TLS handshake finished: " + lowerReason.getErrorMessage(),
                    lowerReason.value());
        } else if (lowerReason.check(ConnectionDone.class) && userClosing) {
            why = asException(lowerReason); // we closed first: the peer need not answer close_notify
        } else if (lowerReason.check(ConnectionDone.class)) {
            why = new ConnectionLost("the peer closed the connection without a TLS close_notify"
                    + " (the data may have been truncated)", lowerReason.value());
        } else {
            why = asException(lowerReason);
        }
        producer = null;
        appOut.clear();
        lostReason = new Failure(why);
        wrapped.connectionLost(lostReason);
    }

    /**
     * Returns what the wrapped protocol's {@code connectionLost} received, for a factory that
     * reports it (as {@code connectSSL}'s does to {@code clientConnectionLost}).
     *
     * @return the reason; empty while the connection is open
     */
    public Optional<Failure> connectionLostReason() {
        return Optional.ofNullable(lostReason);
    }

    // ------------------------------------------------------------------ the engine loop

    /** Runs engine steps until nothing moves; a call made from inside a step waits for the loop. */
    private void drive() {
        if (driving) {
            again = true;
            return;
        }
        driving = true;
        try {
            do {
                again = false;
                pump();
            } while (again && isAlive());
        } finally {
            driving = false;
        }
    }

    private boolean isAlive() {
        return state == State.HANDSHAKING || state == State.OPEN;
    }

    private void pump() {
        try {
            boolean progress = true;
            while (progress && isAlive()) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    progress = runDelegatedTasks() > 0;
                    continue;
                }
                progress = false;
                if (!engine.isInboundDone() && (netIn.position() > 0 || hs == HandshakeStatus.NEED_UNWRAP_AGAIN)) {
                    progress |= unwrapOnce();
                }
                if (!isAlive()) {
                    return;
                }
                if (wantsWrap()) {
                    progress |= wrapOnce();
                }
                progress |= maybeCloseOutbound();
            }
            if (isAlive() && engine.isOutboundDone() && engine.isInboundDone()) {
                shutDown(new ConnectionDone("the TLS connection was closed cleanly (close_notify)"));
            }
        } catch (SSLException e) {
            fail(e);
        }
    }

    private int runDelegatedTasks() {
        int ran = 0;
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // inline, on the reactor thread: see the class Javadoc
            ran++;
        }
        return ran;
    }

    private boolean wantsWrap() {
        if (engine.isOutboundDone()) {
            return false;
        }
        HandshakeStatus hs = engine.getHandshakeStatus();
        return hs == HandshakeStatus.NEED_WRAP || (state == State.OPEN && !appOut.isEmpty() && !outboundClosed);
    }

    private boolean unwrapOnce() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        handshakeStatus(r.getHandshakeStatus());
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW -> {
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                int need = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() < need) {
                    netIn = grow(netIn, need);
                }
                return false; // a partial record: wait for more bytes
            }
            default -> {
                deliver();
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0 || r.getStatus() == SSLEngineResult.Status.CLOSED;
            }
        }
    }

    private boolean wrapOnce() throws SSLException {
        ByteBuffer[] sources = NOTHING;
        if (state == State.OPEN && !outboundClosed && !appOut.isEmpty()) {
            sources = appOut.stream().limit(MAX_BUFFERS_PER_WRAP).toArray(ByteBuffer[]::new);
        }
        netOut.clear();
        SSLEngineResult r = engine.wrap(sources, netOut);
        while (!appOut.isEmpty() && !appOut.peek().hasRemaining()) {
            appOut.poll();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = grow(netOut, engine.getSession().getPacketBufferSize());
            return true;
        }
        if (r.bytesProduced() > 0) {
            netOut.flip();
            byte[] record = new byte[netOut.remaining()];
            netOut.get(record);
            lower.write(record);
        }
        handshakeStatus(r.getHandshakeStatus());
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    /** Starts our close_notify when the user's close is due, or to answer the peer's. */
    private boolean maybeCloseOutbound() {
        if (outboundClosed) {
            return false;
        }
        boolean userCloseDue = userClosing && state == State.OPEN && appOut.isEmpty() && producer == null;
        if (userCloseDue || engine.isInboundDone()) {
            outboundClosed = true;
            engine.closeOutbound();
            return true;
        }
        return false;
    }

    private void handshakeStatus(HandshakeStatus hs) {
        if (hs == HandshakeStatus.FINISHED && state == State.HANDSHAKING) {
            state = State.OPEN;
            if (wrapped instanceof HandshakeListener listener) {
                listener.handshakeCompleted();
            }
        }
    }

    private void deliver() {
        if (appIn.position() == 0) {
            return;
        }
        appIn.flip();
        byte[] data = new byte[appIn.remaining()];
        appIn.get(data);
        appIn.clear();
        if (!userClosing && isAlive()) {
            wrapped.dataReceived(data);
        }
    }

    private static Exception asException(Failure f) {
        return f.value() instanceof Exception e ? e : new ConnectionLost(f.getErrorMessage(), f.value());
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, atLeast + buffer.position()));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }

    private void fail(SSLException error) {
        if (!isAlive()) {
            return;
        }
        if (reason == null) {
            reason = TlsError.classify(error);
        }
        // Send the alert the engine prepared (for example bad_certificate), so the peer learns why.
        engine.closeOutbound();
        for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
            try {
                netOut.clear();
                SSLEngineResult r = engine.wrap(NOTHING, netOut);
                if (r.bytesProduced() == 0) {
                    break;
                }
                netOut.flip();
                byte[] alert = new byte[netOut.remaining()];
                netOut.get(alert);
                lower.write(alert);
            } catch (SSLException alertFailed) {
                break; // the engine has no alert to give: the close below still tells the peer
            }
        }
        shutDown(null);
    }

    private void shutDown(Exception cleanReason) {
        if (reason == null) {
            reason = cleanReason;
        }
        state = State.SHUTTING_DOWN;
        if (producer != null) {
            // The connection is going away: the lower transport must not wait for this producer
            // before closing, and the producer must stop, as on any lost connection.
            Producer stopping = producer;
            producer = null;
            lower.unregisterProducer();
            stopping.stopProducing();
        }
        lower.loseConnection();
    }

    // ------------------------------------------------------------------ what the user sees

    /** The plain-text transport given to the wrapped protocol. */
    private final class View implements SSLTransport {
        @Override
        public void write(byte[] data) {
            Objects.requireNonNull(data, "data");
            if (userClosing || !isAlive() || data.length == 0) {
                return; // as TCP: writes after loseConnection are dropped
            }
            appOut.add(ByteBuffer.wrap(data));
            drive();
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            for (byte[] d : data) {
                write(d);
            }
        }

        @Override
        public void loseConnection() {
            if (userClosing || state == State.DISCONNECTED) {
                return;
            }
            userClosing = true;
            drive();
        }

        @Override
        public void abortConnection() {
            if (state == State.DISCONNECTED || aborted) {
                return;
            }
            userClosing = true;
            aborted = true;
            appOut.clear();
            lower.abortConnection();
        }

        @Override
        public boolean isDisconnecting() {
            return userClosing || !isAlive();
        }

        @Override
        public Address getPeer() {
            return lower.getPeer();
        }

        @Override
        public Address getHost() {
            return lower.getHost();
        }

        @Override
        public void registerProducer(Producer newProducer, boolean streaming) {
            Consumer.checkProducerKind(newProducer, streaming);
            if (producer != null) {
                throw new IllegalStateException("cannot register two producers: " + producer + " is registered");
            }
            if (!isAlive()) {
                newProducer.stopProducing();
                return;
            }
            producer = newProducer;
            lower.registerProducer(newProducer, streaming);
        }

        @Override
        public void unregisterProducer() {
            if (producer == null) {
                throw new IllegalStateException("cannot unregister a producer unless one is registered");
            }
            producer = null;
            if (isAlive()) {
                lower.unregisterProducer();
                drive(); // a close that waited for the producer may happen now
            }
        }

        @Override
        public void pauseProducing() {
            lower.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            lower.resumeProducing();
        }

        @Override
        public void stopProducing() {
            loseConnection();
        }

        @Override
        public boolean isHandshakeDone() {
            return state == State.OPEN || (state != State.HANDSHAKING && state != State.NEW && hasSession());
        }

        private boolean hasSession() {
            return !"NONE".equals(engine.getSession().getProtocol());
        }

        @Override
        public List<X509Certificate> getPeerCertificates() {
            return isHandshakeDone() ? TlsSessions.peerCertificates(engine) : List.of();
        }

        @Override
        public Optional<String> getNegotiatedProtocol() {
            return TlsSessions.applicationProtocol(engine);
        }

        @Override
        public Optional<TlsVersion> getTlsVersion() {
            return isHandshakeDone() ? Optional.of(TlsVersion.fromJdkName(engine.getSession().getProtocol()))
                    : Optional.empty();
        }

        @Override
        public Optional<String> getServerName() {
            return TlsSessions.serverName(engine, isHandshakeDone());
        }

        @Override
        public String toString() {
            return "<TLS over " + lower + ">";
        }
    }

    @Override
    public String logPrefix() {
        return wrapped.logPrefix() + " (TLS)";
    }
}
