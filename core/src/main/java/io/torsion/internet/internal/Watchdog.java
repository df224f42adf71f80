package io.torsion.internet.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Warns when one handler holds an {@link EventLoop}'s thread longer than a threshold: a daemon
 * thread samples the loop's current handler a few times per threshold, and when it has seen the
 * same handler running for at least the threshold, logs a warning naming it, with the reactor
 * thread's stack. One warning per blocking handler.
 *
 * <p>The time it reports is a lower bound: the handler started before the first sample that saw
 * it. A sample never blocks the reactor; reading another thread's stack pauses it only briefly, and
 * only when a warning is due.
 *
 * <p>Threading: its own thread; {@link #stop()} from any thread.
 */
public final class Watchdog implements Runnable {
    /** The warnings' Throwable: carries the reactor thread's stack, not the watchdog's. */
    static final class BlockedReactorStack extends Throwable {
        private static final long serialVersionUID = 1L;

        BlockedReactorStack(Thread reactor) {
            super("stack of the reactor thread " + reactor.getName(), null, false, true);
            setStackTrace(reactor.getStackTrace());
        }
    }

    private final EventLoop loop;
    private final long thresholdNanos;
    private final Duration threshold;
    private final System.Logger log;
    private final Thread thread;
    private volatile boolean stopped;

    private Watchdog(EventLoop loop, Duration threshold, System.Logger log) {
        this.loop = loop;
        this.threshold = threshold;
        this.thresholdNanos = threshold.toNanos();
        this.log = log;
        this.thread = new Thread(this, "torsion-watchdog");
        thread.setDaemon(true);
    }

    /**
     * Starts watching {@code loop}.
     *
     * @param loop the loop, created with watching on
     * @param threshold how long a handler may run
     * @param log where warnings go
     * @return the running watchdog
     */
    public static Watchdog start(EventLoop loop, Duration threshold, System.Logger log) {
        Watchdog w = new Watchdog(loop, threshold, log);
        w.thread.start();
        return w;
    }

    /** Stops watching; the thread ends soon after. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        long period = Math.max(1_000_000L, thresholdNanos / 4);
        Object seen = null;
        long seenSequence = 0;
        long seenSince = 0;
        boolean warned = false;
        while (!stopped) {
            LockSupport.parkNanos(this, period);
            Object handler = loop.monitor().currentHandler();
            long sequence = loop.monitor().handlerSequence();
            long now = System.nanoTime();
            if (handler == null) {
                seen = null;
            } else if (handler != seen || sequence != seenSequence) {
                seen = handler;
                seenSequence = sequence;
                seenSince = now;
                warned = false;
            } else if (!warned && now - seenSince >= thresholdNanos) {
                warned = true;
                warn(handler, now - seenSince);
            }
        }
    }

    private void warn(Object handler, long heldNanos) {
        Thread reactor = loop.thread();
        if (reactor == null) {
            return;
        }
        log.log(System.Logger.Level.WARNING, "The reactor thread " + reactor.getName()
                + " has been running one handler for at least " + Duration.ofNanos(heldNanos).toMillis()
                + " ms (watchdog threshold " + threshold.toMillis() + " ms), which blocks every other event: "
                + handler + ". Move blocking work to deferToThread.", new BlockedReactorStack(reactor));
    }
}
