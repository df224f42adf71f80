package io.torsion.internet.internal;

import io.torsion.defer.Deferred;
import java.util.ArrayList;
import java.util.List;

/**
 * The stop sequence that every listening port (TCP, Unix, UDP) shares: listening → stopping (the
 * channel is closed at once) → stopped (at the end of the turn after the next select, or at once
 * during the reactor's shutdown), when the port's {@code afterStop} runs and every
 * {@code stopListening} Deferred fires.
 *
 * <p>Why a whole turn: a channel closed while registered with a selector keeps its socket open
 * until the selector deregisters its key, which happens in the next select. A listening socket
 * goes on completing handshakes until then, so firing earlier would tell the caller that the port
 * no longer listens while the kernel still accepts connections on it.
 *
 * <p>Threading: reactor thread only.
 */
final class PortLifecycle {
    /** Where the port is in its life; each state is entered once, in this order. */
    enum State { LISTENING, STOPPING, STOPPED }

    private final EventLoop loop;
    private final Runnable closeSocket;
    private final Runnable afterStop;
    private final List<Deferred<Void>> stopWaiters = new ArrayList<>();
    private State state = State.LISTENING;

    /**
     * @param loop the reactor's loop, which runs the end of the stop at the end of the turn
     * @param closeSocket closes the port's channel (and anything beside it); runs once
     * @param afterStop forgets the port and stops its factory or protocol; runs once
     */
    PortLifecycle(EventLoop loop, Runnable closeSocket, Runnable afterStop) {
        this.loop = loop;
        this.closeSocket = closeSocket;
        this.afterStop = afterStop;
    }

    State state() {
        return state;
    }

    boolean isListening() {
        return state == State.LISTENING;
    }

    /** Closes the socket now; the returned Deferred fires with null once the port has stopped. */
    Deferred<Void> stopListening() {
        if (state == State.STOPPED) {
            return Deferred.succeed(null);
        }
        Deferred<Void> d = new Deferred<>();
        stopWaiters.add(d);
        if (state == State.LISTENING) {
            state = State.STOPPING;
            closeSocket.run();
            // The first flush runs before the next select; the one it queues, after it.
            loop.flushAtEndOfTurn(() -> loop.flushAtEndOfTurn(this::finishStop));
        }
        return d;
    }

    /** Closes the socket and finishes stopping now: the reactor is shutting down. */
    void closeForShutdown() {
        if (state == State.LISTENING) {
            state = State.STOPPING;
            closeSocket.run();
        }
        finishStop();
    }

    private void finishStop() {
        if (state != State.STOPPING) {
            return;
        }
        state = State.STOPPED;
        afterStop.run();
        List<Deferred<Void>> waiters = new ArrayList<>(stopWaiters);
        stopWaiters.clear();
        for (Deferred<Void> d : waiters) {
            d.callback(null);
        }
    }
}
