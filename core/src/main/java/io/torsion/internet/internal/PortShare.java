package io.torsion.internet.internal;

import io.torsion.internet.ReactorThreadCheck;
import io.torsion.internet.ServerFactory;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The part of a reactor group's listening port that lives on one reactor of the group: it serves
 * the connections handed to that reactor with that reactor's factory, and (when it owns the
 * factory) starts and stops it there.
 *
 * <p>Lifecycle, enforced by {@link State}: {@code NEW} → {@link #start()} ({@code SERVING}; the
 * factory's {@code doStart} when owned) → {@link #stop()} or the reactor's shutdown
 * ({@code STOPPED}; the factory's {@code doStop} when owned, then the {@code onStopped} callback,
 * exactly once). A channel handed to a stopped share is closed.
 *
 * <p>Threading: reactor thread only (the thread of the reactor whose context it was made with);
 * public methods assert it.
 */
public final class PortShare implements TcpResource {
    private enum State { NEW, SERVING, STOPPED }

    private final TcpContext ctx;
    private final ServerFactory<?> factory;
    private final boolean ownsFactory;
    private final Runnable onStopped;
    private final Object label;
    private State state = State.NEW;

    /**
     * Creates the share of one reactor; nothing happens until {@link #start()}.
     *
     * @param ctx the reactor's TCP context
     * @param factory builds the protocols of the connections served here
     * @param ownsFactory whether this share calls the factory's {@code doStart} and {@code doStop}
     * @param onStopped run once when the share stops, on this reactor's thread
     * @param label names the group's port in logged errors
     */
    public PortShare(TcpContext ctx, ServerFactory<?> factory, boolean ownsFactory, Runnable onStopped,
            Object label) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.ownsFactory = ownsFactory;
        this.onStopped = Objects.requireNonNull(onStopped, "onStopped");
        this.label = Objects.requireNonNull(label, "label");
    }

    /**
     * Starts serving: the reactor's shutdown will stop this share, and an owned factory starts.
     *
     * @throws IllegalStateException unless the share is new
     */
    public void start() {
        assert ReactorThreadCheck.check(ctx.reactor(), "PortShare.start");
        if (state != State.NEW) {
            throw new IllegalStateException("a port share must be NEW to start, but it is " + state);
        }
        state = State.SERVING;
        ctx.remember(this);
        if (ownsFactory) {
            factory.doStart();
        }
    }

    /**
     * Serves a channel handed to this reactor, or closes it if the share has stopped. What
     * {@code buildProtocol} throws is logged and the channel closed.
     *
     * @param accepted the accepted channel
     */
    public void adopt(SocketChannel accepted) {
        assert ReactorThreadCheck.check(ctx.reactor(), "PortShare.adopt");
        if (state != State.SERVING) {
            TcpPort.closeQuietly(accepted);
            return;
        }
        ctx.loop().runHandler(label, () -> TcpPort.serve(ctx, accepted, factory, label));
    }

    /** Stops serving, if not stopped already: an owned factory stops, then {@code onStopped} runs. */
    public void stop() {
        assert ReactorThreadCheck.check(ctx.reactor(), "PortShare.stop");
        if (state == State.STOPPED) {
            return;
        }
        boolean started = state == State.SERVING;
        state = State.STOPPED;
        ctx.forget(this);
        if (started && ownsFactory) {
            ctx.loop().runHandler(factory, factory::doStop);
        }
        onStopped.run();
    }

    @Override
    public void closeForShutdown() {
        stop();
    }
}
