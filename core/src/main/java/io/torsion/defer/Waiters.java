package io.torsion.defer;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The FIFO of Deferreds waiting on a {@link DeferredLock}, {@link DeferredSemaphore} or
 * {@link DeferredQueue} (Twisted's {@code waiting} list), with constant-time removal of a
 * cancelled waiter (Twisted's {@code _cancelAcquire} / {@code _cancelGet}).
 *
 * <p>Maintainer note: a {@link LinkedHashSet} keeps insertion order, and Deferred does not
 * override equals, so membership is by identity, which is what removal of one waiter needs.
 *
 * <p>Threading: not thread-safe; use from the Deferreds' thread.
 */
final class Waiters<T> {
    private final LinkedHashSet<Deferred<T>> waiting = new LinkedHashSet<>();

    /** Creates a waiter whose cancellation removes it from this FIFO, and appends it. */
    Deferred<T> add() {
        Deferred<T> d = new Deferred<>(waiting::remove);
        waiting.add(d);
        return d;
    }

    /** Removes and returns the oldest waiter; the FIFO must not be empty. */
    Deferred<T> poll() {
        Iterator<Deferred<T>> it = waiting.iterator();
        Deferred<T> first = it.next();
        it.remove();
        return first;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }
}
