package io.torsion.web.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.SelectorReactor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A real SelectorReactor on its own thread, with helpers to run calls on it from a test. */
final class LiveServer implements AutoCloseable {
    static final long WAIT_SECONDS = 60; // generous: a loaded two-core machine

    final SelectorReactor reactor = new SelectorReactor();
    private final Thread thread;

    LiveServer() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        thread = new Thread(reactor::run, "client-test-reactor");
        thread.setDaemon(true);
        thread.start();
        assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "the reactor did not start");
    }

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

    /** Runs {@code f} on the reactor and waits for its Deferred; a failure is thrown as its cause. */
    <T> T await(Callable<Deferred<T>> f) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                f.call().addCallbacks(v -> {
                    result.complete(v);
                    return null;
                }, failure -> {
                    result.completeExceptionally(failure.value());
                    return null;
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    static int port(ListeningPort listening) {
        return ((IPv4Address) listening.getHost()).port();
    }

    @Override
    public void close() throws InterruptedException {
        reactor.callFromThread(() -> {
            if (reactor.isRunning()) {
                reactor.stop();
            }
        });
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
}
