package io.torsion.internet.internal;

import io.torsion.internet.LoopLag;
import java.time.Duration;

/**
 * What an {@link EventLoop} tells about itself to other threads: the busy time of its turns
 * (always measured: two clock readings per turn) and, for the {@link Watchdog}, which handler runs
 * now (tracked only when watched: two volatile writes per handler).
 *
 * <p>Threading: written by the reactor thread only, so plain volatile writes suffice; read from any
 * thread.
 */
final class LoopMonitor {
    private final boolean watched;
    private volatile Object currentHandler;
    private volatile long handlerSequence;
    private volatile long lastTurnNanos;
    private volatile long maxTurnNanos;
    private volatile long turns;

    LoopMonitor(boolean watched) {
        this.watched = watched;
    }

    /** Notes that a handler starts. */
    void beginHandler(Object label) {
        if (watched) {
            currentHandler = label;
            handlerSequence++;
        }
    }

    /** Notes that the loop runs no handler: it is about to select, or has ended. */
    void idle() {
        if (watched) {
            currentHandler = null;
        }
    }

    /** Records the end of a turn that began at {@code turnStart} (loop nanoseconds). */
    void endTurn(long turnStart) {
        long busy = LoopTime.nanos() - turnStart;
        lastTurnNanos = busy;
        if (busy > maxTurnNanos) {
            maxTurnNanos = busy;
        }
        turns++;
    }

    LoopLag lag() {
        long n = turns;
        return new LoopLag(Duration.ofNanos(n == 0 ? 0 : lastTurnNanos), Duration.ofNanos(maxTurnNanos), n);
    }

    /** Returns the handler running now, or null between handlers. */
    Object currentHandler() {
        return currentHandler;
    }

    /** Returns a number that changes whenever a handler starts. */
    long handlerSequence() {
        return handlerSequence;
    }
}
