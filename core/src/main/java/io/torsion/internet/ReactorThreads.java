package io.torsion.internet;

import io.torsion.defer.Deferred;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Moves work between the reactor thread and other threads (Twisted's {@code IReactorThreads},
 * {@code IReactorFromThreads} and {@code IReactorInThreads}, with {@code threads.deferToThread} and
 * {@code threads.blockingCallFromThread}).
 *
 * <p>The reactor owns everything it runs; other threads reach it only through
 * {@link #callFromThread} (and {@link #blockingCallFromThread}, built on it). Blocking work goes the
 * other way, to a bounded thread pool, with {@link #callInThread} or {@link #deferToThread}:
 * <pre>{@code
 * reactor.deferToThread(() -> Files.readString(path))      // runs in the pool
 *        .addCallback(text -> { show(text); return null; });  // runs on the reactor thread
 * }</pre>
 *
 * <p>Threading: any thread, except where a method says otherwise.
 */
public interface ReactorThreads {
    /**
     * Runs {@code callable} on the reactor thread, soon (Twisted's {@code callFromThread}). Calls
     * made by one thread run in the order it made them. A call made before the reactor runs waits
     * for it to run; one made after it has stopped never runs. A call made while a loop turn is
     * running (including from the reactor thread itself) runs in the next turn.
     *
     * @param callable what to run; what it throws is logged with its stack
     */
    void callFromThread(Runnable callable);

    /**
     * Runs {@code callable} in the reactor's thread pool (Twisted's {@code callInThread}). Work
     * given before the reactor runs waits for it to start.
     *
     * @param callable what to run; what it throws is logged with its stack
     * @throws ReactorNotRunning if the reactor has shut down its thread pool
     */
    void callInThread(Runnable callable);

    /**
     * Runs {@code f} in the reactor's thread pool and returns a Deferred that fires on the reactor
     * thread with what it returned (Twisted's {@code deferToThread}). Call it on the reactor thread
     * (or before the reactor runs): the Deferred belongs to that thread.
     *
     * @param f the blocking work; it must not touch reactor-owned objects, nor return a Deferred
     * @param <T> the type of the result
     * @return fires with {@code f}'s result; fails with what {@code f} threw, or with
     *     {@link ReactorNotRunning} if the pool has shut down. Cancelling it does not interrupt
     *     {@code f}.
     */
    <T> Deferred<T> deferToThread(Callable<? extends T> f);

    /**
     * Runs {@code f} on the reactor thread and blocks the calling thread until the result is there
     * (Twisted's {@code blockingCallFromThread}). If {@code f} returns a Deferred, waits for it to
     * fire and returns its result: use {@link #blockingCallFromThreadDeferred} so that this
     * type-checks. Called before the reactor runs, it waits for it to run (never call it on the
     * thread that will call {@code run()}). If the Deferred never fires, it waits until the reactor
     * shuts down; bound it with {@code Deferred.addTimeout} if needed.
     *
     * @param f the work to run on the reactor thread
     * @param <T> the type of the result
     * @return what {@code f} returned, or the result of the Deferred it returned
     * @throws IllegalStateException if called on the reactor thread, which would wait forever
     * @throws ReactorNotRunning if the reactor stops before running {@code f}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws Exception what {@code f} threw, or the error of the failure its Deferred fired with
     */
    <T> T blockingCallFromThread(Callable<? extends T> f) throws Exception;

    /**
     * As {@link #blockingCallFromThread}, for a function that returns a Deferred: runs {@code f} on
     * the reactor thread and blocks until that Deferred fires.
     *
     * @param f the work to run on the reactor thread
     * @param <T> the type of the Deferred's result
     * @return the Deferred's result
     * @throws IllegalStateException if called on the reactor thread, which would wait forever
     * @throws ReactorNotRunning if the reactor stops before running {@code f}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws Exception what {@code f} threw, or the error of the failure its Deferred fired with
     */
    <T> T blockingCallFromThreadDeferred(Callable<? extends Deferred<? extends T>> f) throws Exception;

    /**
     * Sets the maximum number of threads of the reactor's thread pool (Twisted's
     * {@code suggestThreadPoolSize}); the default is 10, as in Twisted. Threads are created when
     * work arrives and end after a while without work.
     *
     * @param size the maximum number of threads
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    void suggestThreadPoolSize(int size);

    /**
     * Returns the reactor's thread pool, for code that takes an {@link Executor} (Twisted's
     * {@code getThreadPool}). Running a task in it is the same as {@link #callInThread}.
     *
     * @return the pool; it is shut down with the reactor
     */
    Executor getThreadPool();

    /**
     * Tells whether the calling thread may use the reactor's reactor-thread-only methods now (as
     * Twisted's {@code threadable.isInIOThread}): true on the thread running the reactor, false on
     * others while it runs, and true on any thread while it is not running.
     *
     * @return whether reactor-only methods may be called from this thread now
     */
    boolean isReactorThread();
}
