package io.torsion.internet.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The calls other threads hand to the reactor thread ({@code callFromThread}): a lock-free
 * multi-producer queue, with a handshake that wakes a sleeping loop only when it may be sleeping.
 *
 * <p>The handshake: {@code awake} is false only while the loop is in, or about to enter, a
 * blocking select. The loop clears it and then looks at the queue ({@link #prepareToSleep}); a
 * producer adds its call and then looks at the flag ({@link #add}). Both flag and queue are
 * volatile, so at least one side sees the other: either the loop sees the call and does not block,
 * or the producer sees the cleared flag, sets it back and wakes the selector. While the loop is
 * busy, producers see {@code awake} true and make no system call at all. A wakeup that arrives
 * after the loop already saw the call costs one spurious turn, nothing more.
 *
 * <p>Order: calls from one thread run in the order it added them. A turn runs the calls added
 * before it started its batch: it appends a marker and runs calls up to it, so calls added during
 * the batch (by the reactor thread too) wait for the next turn.
 *
 * <p>Threading: {@link #add}, {@link #wakeups} and {@link #isSleeping} from any thread; the rest on
 * the reactor thread only.
 */
public final class ThreadCallQueue {
    private static final Runnable END_OF_BATCH = () -> { };

    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final AtomicLong wakeups = new AtomicLong();
    private final Runnable waker;

    /**
     * Creates the queue.
     *
     * @param waker wakes the loop's selector; called from producer threads
     */
    public ThreadCallQueue(Runnable waker) {
        this.waker = waker;
    }

    /**
     * Queues {@code call} and wakes the loop if it may be sleeping.
     *
     * @param call what to run on the reactor thread
     */
    public void add(Runnable call) {
        calls.offer(Objects.requireNonNull(call, "callable"));
        if (!awake.get() && awake.compareAndSet(false, true)) {
            wakeups.incrementAndGet();
            waker.run();
        }
    }

    /**
     * Tells whether no call is queued.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return calls.isEmpty();
    }

    /**
     * Called by the loop before a blocking select: returns false, leaving the loop awake, if calls
     * are queued and it must not block.
     *
     * @return whether the loop may block
     */
    public boolean prepareToSleep() {
        awake.set(false);
        if (!calls.isEmpty()) {
            awake.set(true);
            return false;
        }
        return true;
    }

    /** Called by the loop when a select returns: producers need not wake it any more. */
    public void wokeUp() {
        awake.set(true);
    }

    /**
     * Runs the calls queued before this method started, in order.
     *
     * @param runner runs one call (inside the loop's catch-all)
     */
    public void runBatch(Consumer<Runnable> runner) {
        if (calls.isEmpty()) {
            return;
        }
        calls.offer(END_OF_BATCH);
        for (Runnable call; (call = calls.poll()) != END_OF_BATCH; ) {
            runner.accept(call);
        }
    }

    /**
     * Returns how many times a producer woke the selector.
     *
     * @return the number of wakeups
     */
    public long wakeups() {
        return wakeups.get();
    }

    /**
     * Tells whether the loop is in, or about to enter, a blocking select.
     *
     * @return true while a producer would wake it
     */
    public boolean isSleeping() {
        return !awake.get();
    }
}
