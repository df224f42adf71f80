package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's OtherPrimitivesTests.testSemaphore, test_semaphoreInvalidTokens, test_cancelSemaphore*. */
class DeferredSemaphoreTest {
    private static final int N = 13;
    private int counter;

    private <T> Callback<T, T> incr() {
        return r -> {
            counter++;
            return r;
        };
    }

    // testSemaphore: run() waits for the function's Deferred and fires with its result
    @Test
    void runFiresWithTheFunctionsDeferredResultAndReleases() {
        DeferredSemaphore sem = new DeferredSemaphore(N);
        Deferred<Void> control = new Deferred<>();
        Object unique = new Object();
        Object[] helperArg = {null};
        Deferred<Void> result = sem.runDeferred(() -> {
            helperArg[0] = unique;
            return control;
        });
        result.addCallback(incr());
        assertSame(unique, helperArg[0]);
        assertEquals(N - 1, sem.tokens());
        assertNoResult(result);

        control.callback(null);
        assertNull(successResultOf(result));
        assertEquals(1, counter);
        assertEquals(N, sem.tokens());
    }

    // testSemaphore: N acquires fire at once; the next waits until a release
    @Test
    void acquiresBeyondTheLimitWaitForRelease() {
        DeferredSemaphore sem = new DeferredSemaphore(N);
        for (int i = 1; i <= N; i++) {
            sem.acquire().addCallback(incr());
            assertEquals(i, counter);
            assertEquals(N - i, sem.tokens());
        }
        sem.acquire().addCallback(incr());
        assertEquals(N, counter);
        assertEquals(1, sem.waitingCount());

        sem.release();
        assertEquals(N + 1, counter);
        assertEquals(0, sem.tokens());

        for (int i = 1; i <= N; i++) {
            sem.release();
            assertEquals(N + 1, counter);
        }
        assertEquals(N, sem.tokens());
    }

    // testSemaphore: cancelling a waiting acquire errbacks it (addCallbacks(fail, succeed) sees the errback)
    // test_cancelSemaphoreBeforeAcquired
    @Test
    void cancelOfAWaitingAcquireFailsItWithCancelledError() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        sem.acquire();
        Deferred<DeferredSemaphore> d = sem.acquire();
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(0, sem.waitingCount());
    }

    // Twisted's _cancelAcquire: the cancelled waiter no longer takes a token on release
    @Test
    void cancelledWaiterIsRemovedSoReleaseGoesToTheNext() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        sem.acquire();
        Deferred<DeferredSemaphore> cancelled = sem.acquire();
        Deferred<DeferredSemaphore> next = sem.acquire();
        cancelled.cancel();
        failureResultOf(cancelled, CancelledError.class);
        sem.release();
        assertSame(sem, successResultOf(next));
        assertEquals(0, sem.tokens());
        sem.release();
        assertEquals(1, sem.tokens());
    }

    // test_cancelSemaphoreAfterAcquired
    @Test
    void cancelOfAnAcquiredTokenHasNoEffect() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        Deferred<DeferredSemaphore> d = sem.acquire();
        d.cancel();
        assertSame(sem, successResultOf(d));
        assertEquals(0, sem.tokens());
    }

    // test_semaphoreInvalidTokens: Twisted raises ValueError
    @Test
    void fewerThanOneTokenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeferredSemaphore(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeferredSemaphore(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void limitAndTokensStartEqual() {
        DeferredSemaphore sem = new DeferredSemaphore(3);
        assertEquals(3, sem.limit());
        assertEquals(3, sem.tokens());
        sem.acquire();
        assertEquals(3, sem.limit());
        assertEquals(2, sem.tokens());
    }

    // Twisted asserts "Someone released me too many times: too many tokens!"
    @Test
    void releaseBeyondTheLimitThrows() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        sem.acquire();
        sem.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertEquals(2, sem.tokens());
    }

    @Test
    void runWithAPlainValueReleasesAtOnce() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        assertEquals("v", successResultOf(sem.run(() -> "v")));
        assertEquals(1, sem.tokens());
    }

    @Test
    void runReleasesWhenTheFunctionThrows() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        Deferred<String> result = sem.run(() -> {
            throw new IllegalArgumentException("no");
        });
        failureResultOf(result, IllegalArgumentException.class);
        assertEquals(1, sem.tokens());
    }

    @Test
    void runWithNullThrowsWithoutTakingAToken() {
        DeferredSemaphore sem = new DeferredSemaphore(1);
        assertThrows(NullPointerException.class, () -> sem.run(null));
        assertThrows(NullPointerException.class, () -> sem.runDeferred(null));
        assertEquals(1, sem.tokens());
    }

    @Test
    void runLimitsConcurrency() {
        DeferredSemaphore sem = new DeferredSemaphore(2);
        List<Deferred<String>> controls = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<Deferred<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            results.add(sem.runDeferred(() -> {
                started.add(n);
                Deferred<String> control = new Deferred<>();
                controls.add(control);
                return control;
            }));
        }
        assertEquals(List.of(0, 1), started);
        controls.get(1).callback("one");
        assertEquals(List.of(0, 1, 2), started);
        controls.get(0).callback("zero");
        assertEquals(List.of(0, 1, 2, 3), started);
        controls.get(2).callback("two");
        controls.get(3).callback("three");
        assertEquals("three", successResultOf(results.get(3)));
        assertEquals(2, sem.tokens());
    }
}
