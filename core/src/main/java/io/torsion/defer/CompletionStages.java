package io.torsion.defer;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The conversions between {@link Deferred} and {@link CompletionStage} behind
 * {@link Deferred#toCompletableFuture} and {@link Deferred#fromCompletionStage}, with cancellation
 * crossing in both directions.
 *
 * <p>Threading: the Deferred side runs on {@code deferredThread}; see the public methods.
 */
final class CompletionStages {
    private CompletionStages() {
    }

    static <T> CompletableFuture<T> toCompletableFuture(Deferred<T> d, Executor deferredThread) {
        Objects.requireNonNull(deferredThread, "deferredThread");
        CompletableFuture<T> future = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (future.isCancelled()) {
                deferredThread.execute(d::cancel);
            }
        });
        d.addCallbacks(value -> {
            future.complete(value);
            return null;
        }, failure -> {
            Throwable error = failure.value();
            if (error instanceof CancelledError) {
                future.cancel(false);
            } else {
                future.completeExceptionally(error);
            }
            return null;
        });
        return future;
    }

    static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage, Executor deferredThread) {
        Objects.requireNonNull(deferredThread, "deferredThread");
        CompletableFuture<? extends T> future = stage.toCompletableFuture();
        Deferred<T> d = new Deferred<>(self -> future.cancel(false));
        future.whenComplete((value, error) -> deferredThread.execute(() -> {
            if (d.isCalled()) {
                return; // cancelled first: the Deferred already failed with CancelledError
            }
            if (error == null) {
                d.callback(value);
            } else {
                d.errback(unwrap(error));
            }
        }));
        return d;
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancellationException) {
            CancelledError cancelled = new CancelledError("the CompletionStage was cancelled");
            cancelled.initCause(e);
            return cancelled;
        }
        return e;
    }
}
