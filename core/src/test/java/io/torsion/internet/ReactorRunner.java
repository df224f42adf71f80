package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs reactors for tests with bounded waits only: on the test's thread with a safety timer
 * (Twisted's {@code ReactorBuilder.runReactor}), or on a background thread.
 */
final class ReactorRunner implements AutoCloseable {
    /** Generous: the suite runs on a loaded two-core machine. */
    static final long WAIT_SECONDS = 30;

    /**
     * Runs {@code reactor} on this thread until it stops; fails if it has not stopped within
     * {@code timeout} (a timer stops it then).
     */
    static void runReactor(SelectorReactor reactor, Duration timeout) {
        boolean[] timedOut = {false};
        DelayedCall safety = reactor.callLater(timeout, () -> {
            timedOut[0] = true;
            if (reactor.isRunning()) {
                try {
                    reactor.stop();
                } catch (ReactorNotRunning alreadyStopping) {
                    // the test's own stop is in progress but its shutdown is stuck
                }
            }
        });
        reactor.run();
        if (safety.active()) {
            safety.cancel();
        }
        assertFalse(timedOut[0], "the reactor was still running after " + timeout);
    }

    static void runReactor(SelectorReactor reactor) {
        runReactor(reactor, Duration.ofSeconds(WAIT_SECONDS));
    }

    final SelectorReactor reactor;
    private final Thread thread;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Starts {@code reactor} on a new thread and waits until it is running. */
    static ReactorRunner start(SelectorReactor reactor) throws InterruptedException {
        return new ReactorRunner(reactor);
    }

    private ReactorRunner(SelectorReactor reactor) throws InterruptedException {
        this.reactor = reactor;
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(() -> {
            try {
                reactor.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "the reactor did not start");
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code f} on the reactor thread and returns its result, waiting at most WAIT_SECONDS. */
    <T> T call(Callable<T> f) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                result.complete(f.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Asks the reactor to stop and waits for run() to return. */
    void stopAndJoin() throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        reactor.callFromThread(() -> {
            try {
                reactor.stop();
            } catch (Throwable t) {
                error.set(t);
            }
        });
        join();
        if (error.get() != null) {
            throw new AssertionError("stop failed", error.get());
        }
    }

    /** Waits for run() to return. */
    void join() throws Exception {
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            fail("the reactor did not stop within " + WAIT_SECONDS + " s");
        }
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    @Override
    public void close() throws Exception {
        if (!done.isDone()) {
            reactor.callFromThread(() -> {
                if (reactor.isRunning()) {
                    try {
                        reactor.stop();
                    } catch (ReactorNotRunning alreadyStopping) {
                        // fine
                    }
                }
            });
            join();
        }
    }
}
