package io.torsion.internet;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops a running reactor cleanly when the JVM shuts down (on SIGINT, SIGTERM or
 * {@code System.exit} from another thread): asks it to stop through {@code callFromThread}, as
 * Twisted's signal handlers do, then waits, bounded, until its shutdown triggers have run and
 * {@code run()} has finished, because the JVM halts as soon as its hooks return.
 *
 * <p>It does not wait when the reactor thread itself is the one calling {@code System.exit}: that
 * thread waits for the hooks and would never finish the shutdown.
 *
 * <p>Threading: {@link #install} and {@link #uninstall} on the reactor thread; the hook runs on the
 * JVM's shutdown thread and touches the reactor only through thread-safe methods.
 */
final class ShutdownHook {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SelectorReactor reactor;
    private final System.Logger log;
    private Thread thread;

    ShutdownHook(SelectorReactor reactor, System.Logger log) {
        this.reactor = reactor;
        this.log = log;
    }

    void install(Duration wait, String name) {
        thread = new Thread(() -> stopAndWait(wait), name);
        Runtime.getRuntime().addShutdownHook(thread);
    }

    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shutdownInProgress) {
            // The JVM is exiting (perhaps this hook stopped the reactor); the hook ends on its own.
        }
    }

    /**
     * Asks the reactor to stop, then waits up to {@code wait} for it to finish. Returns whether it
     * finished (or was never started). A second signal during shutdown only waits.
     */
    boolean stopAndWait(Duration wait) {
        if (!reactor.hasStarted()) {
            return true;
        }
        if (reactor.signalStop()) {
            log.log(System.Logger.Level.INFO, "Received a shutdown signal, stopping the reactor");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (reactor.awaitFinished(Math.min(Math.max(left, 0), POLL_NANOS))) {
                    return true;
                }
                if (left <= 0 || reactorThreadIsExiting()) {
                    log.log(System.Logger.Level.WARNING, "The reactor did not finish shutting down within "
                            + wait + " of the signal; letting the JVM exit");
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean reactorThreadIsExiting() {
        Thread t = reactor.loop().thread();
        if (t == null) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals("java.lang.Shutdown")) {
                return true;
            }
        }
        return false;
    }
}
