package io.torsion.defer;

import java.util.concurrent.Callable;

/**
 * A counting semaphore that callers wait for with a Deferred instead of blocking (Twisted's
 * {@code defer.DeferredSemaphore}): it lets at most {@link #limit()} pieces of asynchronous work
 * run at once.
 *
 * <ol>
 *   <li>{@link #acquire()} returns a Deferred that fires with this semaphore once the caller holds a
 *       token: at once if one is free, otherwise when every earlier waiter has had its turn (first
 *       come, first served).</li>
 *   <li>The holder does its work and calls {@link #release()} once, when done; the token then
 *       passes straight to the next waiter, whose Deferred fires inside {@code release()}.</li>
 * </ol>
 * {@link #run} does both around a function, releasing on success and failure alike:
 * <pre>{@code
 * DeferredSemaphore sem = new DeferredSemaphore(4);
 * List<Deferred<byte[]>> pages = urls.stream().map(u -> sem.<byte[]>runDeferred(() -> getPage(u))).toList();
 * DeferredList.gatherResults(pages);   // at most 4 requests in flight
 * }</pre>
 *
 * <p>Cancelling a Deferred from {@code acquire()} that has not fired yet removes it from the
 * waiters and fails it with {@link CancelledError}; cancelling one that has fired does nothing
 * (the caller holds a token and must release it).
 *
 * <p>Threading: not thread-safe; use from the Deferred's thread.
 */
public final class DeferredSemaphore {
    private final Waiters<DeferredSemaphore> waiters = new Waiters<>();
    private final int limit;
    private int tokens;

    /**
     * Creates a semaphore with {@code tokens} free tokens, which is also its {@link #limit()}.
     *
     * @param tokens how many holders may hold it at once
     * @throws IllegalArgumentException if {@code tokens} is less than 1 (Twisted's ValueError)
     */
    public DeferredSemaphore(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("DeferredSemaphore requires tokens >= 1, was " + tokens);
        }
        this.limit = tokens;
        this.tokens = tokens;
    }

    /**
     * Asks for a token; the returned Deferred fires with this semaphore once the caller holds one.
     *
     * @return a Deferred that fires with this semaphore: at once if a token was free, otherwise when
     *     one is handed over by {@link #release()}; fails with {@link CancelledError} if cancelled
     *     while waiting
     */
    public Deferred<DeferredSemaphore> acquire() {
        if (tokens == 0) {
            return waiters.add();
        }
        tokens--;
        return Deferred.succeed(this);
    }

    /**
     * Gives a token back; if callers are waiting, the oldest one now holds it and its Deferred fires
     * before this method returns.
     *
     * @throws IllegalStateException if no token is held (released more often than acquired)
     */
    public void release() {
        if (tokens == limit) {
            throw new IllegalStateException("release() of a DeferredSemaphore with no token held: all "
                    + limit + " tokens are free (the limit); it was released more often than acquired");
        }
        if (waiters.isEmpty()) {
            tokens++;
        } else {
            // The token passes directly to the waiter: it never looks free in between.
            waiters.poll().callback(this);
        }
    }

    /**
     * Returns how many holders the semaphore allows at once (Twisted's {@code limit}).
     *
     * @return the limit, at least 1
     */
    public int limit() {
        return limit;
    }

    /**
     * Returns how many tokens are free now (Twisted's {@code tokens}): the limit minus the current
     * holders.
     *
     * @return the free tokens, from 0 to {@link #limit()}
     */
    public int tokens() {
        return tokens;
    }

    /**
     * Returns how many {@link #acquire()} Deferreds are waiting for a token (the size of Twisted's
     * {@code waiting} list).
     *
     * @return the number of waiters
     */
    public int waitingCount() {
        return waiters.size();
    }

    /**
     * Acquires a token, calls {@code f}, and releases the token once {@code f} has returned or thrown
     * (Twisted's {@code DeferredSemaphore.run}). If {@code f} returns a Deferred at run time, the
     * token is held until that fires, but the declared type is then wrong: use {@link #runDeferred}.
     *
     * <p>Cancelling the returned Deferred while it waits for a token removes it from the waiters, and
     * {@code f} is never called.
     *
     * @param f the work to do while holding a token
     * @param <R> the type of {@code f}'s result
     * @return a Deferred that fires with {@code f}'s result after the release; fails with what
     *     {@code f} threw, or {@link CancelledError}
     * @throws NullPointerException if {@code f} is null (no token is then taken)
     */
    public <R> Deferred<R> run(Callable<? extends R> f) {
        return GuardedCall.run(f, this::acquire, this::release);
    }

    /**
     * Acquires a token, calls {@code f}, and releases the token once the Deferred {@code f} returns
     * has fired, or at once if {@code f} throws (Twisted's {@code DeferredSemaphore.run} with a
     * function returning a Deferred).
     *
     * <p>Cancelling the returned Deferred while it waits for a token removes it from the waiters;
     * while it waits for {@code f}'s Deferred, cancels that one.
     *
     * @param f the work to do while holding a token
     * @param <R> the type of the result of {@code f}'s Deferred
     * @return a Deferred that fires with the result of {@code f}'s Deferred after the release; fails
     *     with its failure, with what {@code f} threw, or {@link CancelledError}
     * @throws NullPointerException if {@code f} is null (no token is then taken)
     */
    public <R> Deferred<R> runDeferred(Callable<? extends Deferred<? extends R>> f) {
        return GuardedCall.run(f, this::acquire, this::release);
    }
}
