package io.torsion.defer;

import java.util.ArrayDeque;

/**
 * A FIFO queue whose {@link #get()} returns a Deferred that fires when an object is there (Twisted's
 * {@code defer.DeferredQueue}): producers {@link #put} objects, consumers wait for them without
 * blocking.
 *
 * <ul>
 *   <li>{@code put(obj)} hands {@code obj} to the oldest waiting {@code get()}, whose Deferred fires
 *       before {@code put} returns; with no one waiting, it appends {@code obj} to the pending
 *       objects, or throws {@link QueueOverflow} if there are already {@link #sizeLimit()} of
 *       them.</li>
 *   <li>{@code get()} returns a Deferred already fired with the oldest pending object; with none
 *       pending, a Deferred that the next {@code put} fires, or it throws {@link QueueUnderflow}
 *       if {@link #backlogLimit()} gets are already waiting.</li>
 * </ul>
 * Both limits are {@link #UNBOUNDED} unless given. As in Twisted, both errors are thrown at once
 * rather than carried by a failed Deferred.
 *
 * <p>Cancelling a Deferred from {@code get()} that has not fired yet removes it from the waiters
 * (so no object is lost on it) and fails it with {@link CancelledError}; cancelling one that has
 * fired does nothing.
 *
 * <p>Objects may be null. As in Twisted, a {@link Failure} put into the queue reaches its getter on
 * the errback path. Unlike Twisted, which fails later inside the waiter's Deferred, a Deferred is
 * refused by {@code put} at once, because a Deferred cannot be another Deferred's result.
 *
 * <p>Threading: not thread-safe; use from the Deferred's thread.
 *
 * @param <T> the type of the objects
 */
public final class DeferredQueue<T> {
    /** The limit that means "no limit" (Twisted's {@code None}). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Stands for a null object in {@link #pending}, which cannot hold null. */
    private static final Object NULL = new Object();

    private final int sizeLimit;
    private final int backlogLimit;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final Waiters<T> waiters = new Waiters<>();

    /** Creates a queue with no size limit and no backlog limit. */
    public DeferredQueue() {
        this(UNBOUNDED, UNBOUNDED);
    }

    /**
     * Creates a queue with limits (Twisted's {@code DeferredQueue(size, backlog)}).
     *
     * @param sizeLimit how many objects may wait for a getter; {@link #UNBOUNDED} for no limit
     * @param backlogLimit how many gets may wait for an object; {@link #UNBOUNDED} for no limit
     * @throws IllegalArgumentException if a limit is negative
     */
    public DeferredQueue(int sizeLimit, int backlogLimit) {
        if (sizeLimit < 0) {
            throw new IllegalArgumentException("DeferredQueue size limit must be >= 0, was " + sizeLimit);
        }
        if (backlogLimit < 0) {
            throw new IllegalArgumentException("DeferredQueue backlog limit must be >= 0, was " + backlogLimit);
        }
        this.sizeLimit = sizeLimit;
        this.backlogLimit = backlogLimit;
    }

    /**
     * Adds {@code obj}: hands it to the oldest waiting {@link #get()}, or keeps it for the next one.
     * The waiter's callbacks run before this method returns, and may call {@code put} and
     * {@code get} again.
     *
     * @param obj the object; may be null; a {@link Failure} fails the get that receives it
     * @throws QueueOverflow if no get is waiting and {@link #sizeLimit()} objects are pending
     * @throws IllegalArgumentException if {@code obj} is a Deferred
     */
    public void put(T obj) {
        if (obj instanceof Deferred) {
            throw new IllegalArgumentException("a Deferred cannot be put into a DeferredQueue: "
                    + "it would become the result of the get() Deferred");
        }
        if (!waiters.isEmpty()) {
            waiters.poll().callback(obj);
        } else if (pending.size() < sizeLimit) {
            pending.addLast(obj == null ? NULL : obj);
        } else {
            throw new QueueOverflow(sizeLimit);
        }
    }

    /**
     * Takes the oldest object, now or when one is put.
     *
     * @return a Deferred that fires with the object: already fired if one was pending; fails with
     *     {@link CancelledError} if cancelled while waiting, or with the error of a {@link Failure}
     *     that was put
     * @throws QueueUnderflow if no object is pending and {@link #backlogLimit()} gets are already
     *     waiting
     */
    public Deferred<T> get() {
        if (!pending.isEmpty()) {
            Object obj = pending.pollFirst();
            @SuppressWarnings("unchecked")
            T result = obj == NULL ? null : (T) obj;
            return Deferred.succeed(result);
        }
        if (waiters.size() < backlogLimit) {
            return waiters.add();
        }
        throw new QueueUnderflow(backlogLimit);
    }

    /**
     * Returns how many objects the queue keeps for getters at most (Twisted's {@code size}).
     *
     * @return the size limit, or {@link #UNBOUNDED}
     */
    public int sizeLimit() {
        return sizeLimit;
    }

    /**
     * Returns how many gets may wait for an object at most (Twisted's {@code backlog}).
     *
     * @return the backlog limit, or {@link #UNBOUNDED}
     */
    public int backlogLimit() {
        return backlogLimit;
    }

    /**
     * Returns how many objects are waiting for a getter (the size of Twisted's {@code pending}).
     *
     * @return the number of pending objects
     */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Returns how many gets are waiting for an object (the size of Twisted's {@code waiting}).
     *
     * @return the number of waiting gets
     */
    public int waitingCount() {
        return waiters.size();
    }
}
