package io.torsion.internet.internal;

import io.torsion.internet.ReactorNotRunning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reactor's bounded thread pool (Twisted's reactor {@code ThreadPool}): at most a maximum
 * number of daemon threads, created when work arrives and ended after {@value #KEEP_ALIVE_SECONDS}
 * s without work; work beyond that waits in an unbounded FIFO queue, as in Twisted.
 *
 * <p>Lifecycle: 1. waiting (work given is held) → 2. started with the reactor (held work is
 * submitted) → 3. stopped with the reactor (queued work still runs; {@link #stop} waits for it,
 * bounded; new work is refused with {@link ReactorNotRunning}).
 *
 * <p>Platform threads, on every JDK: on JDK 25, {@code DeferToThreadBenchmark} (see
 * {@code bench/README.md}) did not find virtual threads better for {@code deferToThread} round
 * trips of blocking work, which is what the pool is for (and whose concurrency the maximum size
 * bounds anyway): this executor with a virtual-thread factory was slower for trivial work and no
 * faster for blocking work; a new virtual thread per task was faster only for trivial work.
 *
 * <p>Threading: any thread; state changes are guarded by this object's lock, which is never held
 * while work runs.
 */
public final class ReactorThreadPool implements Executor {
    static final int KEEP_ALIVE_SECONDS = 30;

    private enum State { WAITING, STARTED, STOPPED }

    private final ThreadPoolExecutor executor;
    private final System.Logger log;
    private final List<Runnable> waiting = new ArrayList<>();
    private State state = State.WAITING;

    /**
     * Creates a pool that holds work until {@link #start()}.
     *
     * @param name the prefix of its threads' names
     * @param maximumSize the maximum number of threads
     * @param log where errors of work items go
     */
    public ReactorThreadPool(String name, int maximumSize, System.Logger log) {
        this.log = log;
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(maximumSize, maximumSize, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} in a pool thread; what it throws is logged with its stack.
     *
     * @param work the work
     * @throws ReactorNotRunning if the pool has stopped
     */
    @Override
    public void execute(Runnable work) {
        Objects.requireNonNull(work, "work");
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (Throwable t) {
                log.log(System.Logger.Level.ERROR, "Unhandled error in thread pool work " + work, t);
            }
        };
        synchronized (this) {
            switch (state) {
                case WAITING -> waiting.add(guarded);
                case STARTED -> executor.execute(guarded);
                case STOPPED -> throw new ReactorNotRunning(
                        "the reactor's thread pool has shut down with the reactor; it takes no more work");
            }
        }
    }

    /** Starts running work, the held work first; does nothing unless waiting. */
    public synchronized void start() {
        if (state != State.WAITING) {
            return;
        }
        state = State.STARTED;
        waiting.forEach(executor::execute);
        waiting.clear();
    }

    /**
     * Stops taking work and waits up to {@code timeout} for the work queued and running to end;
     * work held because the pool never started is dropped, with a warning. Does nothing the second
     * time.
     *
     * @param timeout how long to wait
     */
    public void stop(Duration timeout) {
        int dropped;
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPED;
            dropped = waiting.size();
            waiting.clear();
            executor.shutdown();
        }
        if (dropped > 0) {
            log.log(System.Logger.Level.WARNING, dropped + " work item(s) given to the thread pool never ran:"
                    + " the reactor stopped before it started");
        }
        try {
            if (!executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                log.log(System.Logger.Level.WARNING, "The thread pool's work did not end within " + timeout
                        + "; its daemon threads are left running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sets the maximum number of threads.
     *
     * @param size at least 1
     */
    public synchronized void setMaximumSize(int size) {
        // ThreadPoolExecutor refuses a core size above the maximum at every step: order matters.
        if (size > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(size);
            executor.setCorePoolSize(size);
        } else {
            executor.setCorePoolSize(size);
            executor.setMaximumPoolSize(size);
        }
    }

    /**
     * Returns the maximum number of threads.
     *
     * @return the maximum
     */
    public int maximumSize() {
        return executor.getMaximumPoolSize();
    }

    /**
     * Tells whether the pool runs work now.
     *
     * @return true between start and stop
     */
    public synchronized boolean isStarted() {
        return state == State.STARTED;
    }

    /**
     * Tells whether the pool has stopped and all its work has ended.
     *
     * @return true when terminated
     */
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public String toString() {
        return "<ReactorThreadPool " + state + " " + executor.getPoolSize() + "/" + executor.getMaximumPoolSize()
                + " threads, " + executor.getQueue().size() + " queued>";
    }
}
