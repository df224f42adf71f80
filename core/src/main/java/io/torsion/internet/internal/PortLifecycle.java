package io.torsion.internet.internal;

import io.torsion.defer.Deferred;
import java.util.ArrayList;
import java.util.List;

/**
 * The stop sequence that every listening port (TCP, Unix, UDP) shares: listening → stopping (the
 * socket is closed at once) → stopped (at the end of the turn, or at once during the reactor's
 * shutdown), when the port's {@code afterStop} runs and every {@code stopListening} Deferred fires.
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
            loop.flushAtEndOfTurn(this::finishStop);
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
