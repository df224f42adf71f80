package io.torsion.defer;

import java.util.concurrent.Callable;

/**
 * A lock that callers wait for with a Deferred instead of blocking (Twisted's
 * {@code defer.DeferredLock}): it serialises asynchronous work on a shared resource.
 *
 * <ol>
 *   <li>{@link #acquire()} returns a Deferred that fires with this lock once the caller holds it:
 *       at once if the lock is free, otherwise when every earlier waiter has had its turn
 *       (first come, first served).</li>
 *   <li>The holder does its work, and calls {@link #release()} once, when done; the lock then
 *       passes straight to the next waiter, whose Deferred fires inside {@code release()}.</li>
 * </ol>
 * {@link #run} does both around a function, releasing on success and failure alike.
 *
 * <pre>{@code
 * // BAD: the lock stays held forever if write() throws or its Deferred fails
 * lock.acquire().addCallbackDeferred(l -> write(data)).addCallback(r -> { lock.release(); return r; });
 * // GOOD
 * lock.runDeferred(() -> write(data));
 * }</pre>
 *
 * <p>Cancelling a Deferred from {@code acquire()} that has not fired yet removes it from the
 * waiters and fails it with {@link CancelledError}; cancelling one that has fired does nothing
 * (the caller holds the lock and must release it).
 *
 * <p>The lock is not reentrant and not owned: whoever calls {@code release()} releases it.
 *
 * <p>Threading: not thread-safe; use from the Deferred's thread.
 */
public final class DeferredLock {
    private final Waiters<DeferredLock> waiters = new Waiters<>();
    private boolean locked;

    /** Creates a free lock. */
    public DeferredLock() {
    }

    /**
     * Asks for the lock; the returned Deferred fires with this lock once the caller holds it.
     *
     * @return a Deferred that fires with this lock: at once if it was free, otherwise when it is
     *     handed over by {@link #release()}; fails with {@link CancelledError} if cancelled while
     *     waiting
     */
    public Deferred<DeferredLock> acquire() {
        if (locked) {
            return waiters.add();
        }
        locked = true;
        return Deferred.succeed(this);
    }

    /**
     * Gives the lock back; if callers are waiting, the oldest one now holds it and its Deferred fires
     * before this method returns.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        if (!locked) {
            throw new IllegalStateException("release() of a DeferredLock that is not locked");
        }
        if (waiters.isEmpty()) {
            locked = false;
        } else {
            // The lock passes directly to the waiter: it never looks free in between.
            waiters.poll().callback(this);
        }
    }

    /**
     * Tells whether someone holds the lock (Twisted's {@code locked}); useful as a non-waiting check
     * before {@link #acquire()}.
     *
     * @return true while held
     */
    public boolean isLocked() {
        return locked;
    }

    /**
     * Returns how many {@link #acquire()} Deferreds are waiting for the lock (the size of Twisted's
     * {@code waiting} list).
     *
     * @return the number of waiters
     */
    public int waitingCount() {
        return waiters.size();
    }

    /**
     * Acquires the lock, calls {@code f}, and releases the lock once {@code f} has returned or thrown
     * (Twisted's {@code DeferredLock.run}). If {@code f} returns a Deferred at run time, the lock is
     * held until that fires, but the declared type is then wrong: use {@link #runDeferred} for that.
     *
     * <p>Cancelling the returned Deferred while it waits for the lock removes it from the waiters,
     * and {@code f} is never called.
     *
     * @param f the work to do under the lock
     * @param <R> the type of {@code f}'s result
     * @return a Deferred that fires with {@code f}'s result after the release; fails with what
     *     {@code f} threw, or {@link CancelledError}
     * @throws NullPointerException if {@code f} is null (the lock is then not taken)
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return GuardedCall.run(f, this::acquire, this::release);
    }

    /**
     * Acquires the lock, calls {@code f}, and releases the lock once the Deferred {@code f} returns
     * has fired, or at once if {@code f} throws (Twisted's {@code DeferredLock.run} with a function
     * returning a Deferred).
     *
     * <p>Cancelling the returned Deferred while it waits for the lock removes it from the waiters;
     * while it waits for {@code f}'s Deferred, cancels that one.
     *
     * @param f the work to do under the lock
     * @param <R> the type of the result of {@code f}'s Deferred
     * @return a Deferred that fires with the result of {@code f}'s Deferred after the release; fails
     *     with its failure, with what {@code f} threw, or {@link CancelledError}
     * @throws NullPointerException if {@code f} is null (the lock is then not taken)
     */
    public <R> Deferred<R> runDeferred(Callable<? extends Deferred<? extends R>> f) {
        return GuardedCall.run(f, this::acquire, this::release);
    }
}
