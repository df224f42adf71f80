package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * {@link Deferred#toCompletableFuture()} and {@link Deferred#fromCompletionStage}, with
 * cancellation crossing in both directions (Twisted's {@code asFuture} / {@code fromFuture}).
 */
class CompletionStageInteropTest {
    /** Stands in for the reactor's callFromThread: runs the handed-over work when the test says. */
    private final Queue<Runnable> handedOver = new ArrayDeque<>();
    private final Executor deferredThread = handedOver::add;

    private void runHandedOver() {
        Runnable r;
        while ((r = handedOver.poll()) != null) {
            r.run();
        }
    }

    @Test // asFuture: success
    void futureCompletesWithTheResultAndConsumesIt() throws Exception {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = d.toCompletableFuture();
        assertFalse(f.isDone());
        d.callback("x");
        assertEquals("x", f.get());
        assertNull(successResultOf(d));
    }

    @Test // asFuture: failure, which then counts as handled
    void futureFailsWithTheError() {
        IOException error = new IOException();
        Deferred<String> d = Deferred.fail(error);
        CompletableFuture<String> f = d.toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertSame(error, e.getCause());
        assertNull(successResultOf(d));
    }

    @Test // a CancelledError becomes the future's cancellation
    void cancelledDeferredCancelsTheFuture() {
        Deferred<String> d = new Deferred<>();
        CompletableFuture<String> f = d.toCompletableFuture();
        d.cancel();
        assertTrue(f.isCancelled());
    }

    @Test // cancelling the future cancels the Deferred
    void cancellingTheFutureCancelsTheDeferred() {
        boolean[] cancelled = {false};
        Deferred<String> d = new Deferred<>(self -> cancelled[0] = true);
        CompletableFuture<String> f = d.toCompletableFuture();
        f.cancel(true);
        assertTrue(cancelled[0]);
        assertTrue(d.isCalled());
    }

    @Test // with an executor, the cancellation is handed to the Deferred's thread
    void cancellationGoesThroughTheExecutor() {
        boolean[] cancelled = {false};
        Deferred<String> d = new Deferred<>(self -> cancelled[0] = true);
        CompletableFuture<String> f = d.toCompletableFuture(deferredThread);
        f.cancel(true);
        assertFalse(cancelled[0]);
        runHandedOver();
        assertTrue(cancelled[0]);
    }

    @Test // fromFuture: success
    void deferredFiresWithTheStageValue() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        assertNoResult(d);
        f.complete("v");
        assertEquals("v", successResultOf(d));
    }

    @Test // an already completed stage fires at once
    void completedStageFiresAtOnce() {
        assertEquals(3, successResultOf(Deferred.fromCompletionStage(CompletableFuture.completedFuture(3))));
    }

    @Test // fromFuture: failure, with CompletionException unwrapped
    void deferredFailsWithTheUnwrappedError() {
        IOException error = new IOException();
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f.thenApply(s -> s));
        f.completeExceptionally(error);
        assertSame(error, failureResultOf(d, IOException.class).value());
        Deferred<String> wrapped = Deferred.fromCompletionStage(
                CompletableFuture.failedFuture(new CompletionException(error)));
        assertSame(error, failureResultOf(wrapped).value());
    }

    @Test // a cancelled stage becomes a CancelledError
    void cancelledStageBecomesCancelledError() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        f.cancel(false);
        Failure failure = failureResultOf(d, CancelledError.class);
        assertTrue(failure.value().getCause() instanceof CancellationException);
    }

    @Test // cancelling the Deferred cancels the stage's future
    void cancellingTheDeferredCancelsTheStage() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f);
        d.cancel();
        assertTrue(f.isCancelled());
        failureResultOf(d, CancelledError.class);
    }

    @Test // with an executor, the firing happens when the Deferred's thread runs it
    void firingGoesThroughTheExecutor() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f, deferredThread);
        f.complete("v");
        assertNoResult(d);
        runHandedOver();
        assertEquals("v", successResultOf(d));
    }

    @Test // cancelled first through the executor: the late completion is dropped, not AlreadyCalled
    void lateCompletionAfterCancelIsDropped() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Deferred<String> d = Deferred.fromCompletionStage(f, deferredThread);
        d.cancel();
        runHandedOver();
        failureResultOf(d, CancelledError.class);
    }
}
