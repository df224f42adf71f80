package io.torsion.internet;

import io.torsion.defer.Coroutine;
import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.internal.EventLoop;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code blockingCallFromThread} for one reactor: hands a function to the reactor thread and blocks
 * the caller until its result, or the result of the Deferred it returned, is there. When the
 * reactor shuts down, the callers still waiting (whose calls can no longer run, or whose Deferreds
 * can no longer fire) fail with {@link ReactorNotRunning} instead of waiting forever.
 *
 * <p>Threading: {@link #call} from any thread but the reactor's; {@link #close} on the reactor
 * thread. A closing reactor and a new caller meet through a concurrent set and a volatile flag,
 * each written before the other is read, so no caller is missed.
 */
final class BlockingCalls {
    private final EventLoop loop;
    private final Set<CompletableFuture<Object>> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    BlockingCalls(EventLoop loop) {
        this.loop = loop;
    }

    Object call(Callable<?> f) throws Exception {
        Objects.requireNonNull(f, "f");
        if (loop.thread() == Coroutine.drivingThread()) {
            // Also inside a coroutine body the reactor thread drives: the reactor is blocked on it.
            throw new IllegalStateException("blockingCallFromThread was called on the reactor thread, where"
                    + " waiting for the reactor would wait forever; call the function directly instead");
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        waiting.add(result);
        try {
            if (closed) {
                throw new ReactorNotRunning("the reactor has stopped; blockingCallFromThread cannot run");
            }
            loop.callFromThread(() -> Deferred.maybeDeferred(f).addBoth(r -> {
                if (r instanceof Failure failure) {
                    result.completeExceptionally(failure.value());
                } else {
                    result.complete(r);
                }
                return null;
            }));
            try {
                return result.get();
            } catch (ExecutionException e) {
                throw new Failure(e.getCause()).raiseException();
            }
        } finally {
            waiting.remove(result);
        }
    }

    /** From now on calls fail at once; the callers waiting now fail with ReactorNotRunning. */
    void close() {
        closed = true;
        for (CompletableFuture<Object> waiter : waiting) {
            waiter.completeExceptionally(new ReactorNotRunning(
                    "the reactor stopped before blockingCallFromThread got its result"));
        }
    }
}
