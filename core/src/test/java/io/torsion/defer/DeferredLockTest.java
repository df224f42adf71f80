package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Twisted's OtherPrimitivesTests.testLock and test_cancelLock* (test_defer.py), split by behaviour. */
class DeferredLockTest {
    private final List<String> events = new ArrayList<>();

    private Callback<DeferredLock, DeferredLock> note(String event) {
        return lock -> {
            events.add(event);
            return lock;
        };
    }

    // testLock: the first acquire fires at once with the lock
    @Test
    void acquireOfAFreeLockFiresAtOnceWithTheLock() {
        DeferredLock lock = new DeferredLock();
        assertFalse(lock.isLocked());
        Deferred<DeferredLock> d = lock.acquire();
        assertTrue(lock.isLocked());
        assertSame(lock, successResultOf(d));
    }

    // testLock: a second acquire waits; each release hands the lock to the next waiter
    @Test
    void acquireOfAHeldLockWaitsForRelease() {
        DeferredLock lock = new DeferredLock();
        lock.acquire().addCallback(note("first"));
        lock.acquire().addCallback(note("second"));
        assertEquals(List.of("first"), events);
        assertTrue(lock.isLocked());

        lock.release();
        assertTrue(lock.isLocked());
        assertEquals(List.of("first", "second"), events);

        lock.release();
        assertFalse(lock.isLocked());
    }

    @Test
    void waitersAreServedInOrder() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        for (int i = 0; i < 5; i++) {
            lock.acquire().addCallback(note("w" + i));
        }
        for (int i = 0; i < 5; i++) {
            lock.release();
        }
        assertEquals(List.of("w0", "w1", "w2", "w3", "w4"), events);
        assertTrue(lock.isLocked());
        assertEquals(0, lock.waitingCount());
    }

    // Twisted asserts "Tried to release an unlocked lock"; Torsion throws IllegalStateException
    @Test
    void releaseOfAnUnlockedLockThrows() {
        DeferredLock lock = new DeferredLock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("not locked"), e.getMessage());
    }

    // testLock: run() with no callable is a TypeError in Twisted; here it must not take the lock
    @Test
    void runWithNullThrowsWithoutTakingTheLock() {
        DeferredLock lock = new DeferredLock();
        assertThrows(NullPointerException.class, () -> lock.run(null));
        assertThrows(NullPointerException.class, () -> lock.runDeferred(null));
        assertFalse(lock.isLocked());
    }

    // testLock: run() calls the function under the lock and releases when its Deferred fires
    @Test
    void runHoldsTheLockUntilTheReturnedDeferredFires() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> control = new Deferred<>();
        boolean[] lockedDuringCall = {false};
        Deferred<String> result = lock.runDeferred(() -> {
            lockedDuringCall[0] = lock.isLocked();
            return control;
        });
        assertTrue(lockedDuringCall[0]);
        assertTrue(lock.isLocked());
        assertNoResult(result);

        lock.acquire().addCallback(note("next"));
        assertEquals(List.of(), events);

        control.callback("second unique");
        assertEquals("second unique", successResultOf(result));
        assertEquals(List.of("next"), events);
        assertTrue(lock.isLocked());
    }

    @Test
    void runWithASynchronousValueReleasesAtOnce() {
        DeferredLock lock = new DeferredLock();
        Deferred<Integer> result = lock.run(() -> 42);
        assertEquals(42, successResultOf(result));
        assertFalse(lock.isLocked());
    }

    @Test
    void runReleasesWhenTheFunctionThrows() {
        DeferredLock lock = new DeferredLock();
        Callable<String> failing = () -> {
            throw new java.io.IOException("disk");
        };
        Deferred<String> result = lock.run(failing);
        failureResultOf(result, java.io.IOException.class);
        assertFalse(lock.isLocked());
    }

    @Test
    void runReleasesWhenTheReturnedDeferredFails() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> control = new Deferred<>();
        Deferred<String> result = lock.runDeferred(() -> control);
        control.errback(new IllegalStateException("late"));
        failureResultOf(result, IllegalStateException.class);
        assertFalse(lock.isLocked());
    }

    @Test
    void runWaitsForTheLockBeforeCallingTheFunction() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<String> result = lock.run(() -> {
            events.add("called");
            return "done";
        });
        assertEquals(List.of(), events);
        lock.release();
        assertEquals(List.of("called"), events);
        assertEquals("done", successResultOf(result));
        assertFalse(lock.isLocked());
    }

    // testLock (end): cancelling a waiting acquire fails it with CancelledError
    // test_cancelLockBeforeAcquired
    @Test
    void cancelOfAWaitingAcquireFailsItWithCancelledError() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> d = lock.acquire();
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
    }

    // Twisted's _cancelAcquire: the cancelled waiter is removed, so release goes to the next one
    @Test
    void cancelledWaiterIsRemovedFromTheQueue() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<DeferredLock> cancelled = lock.acquire();
        lock.acquire().addCallback(note("after"));
        assertEquals(2, lock.waitingCount());

        cancelled.cancel();
        assertEquals(1, lock.waitingCount());
        failureResultOf(cancelled, CancelledError.class);

        lock.release();
        assertEquals(List.of("after"), events);
        lock.release();
        assertFalse(lock.isLocked());
    }

    // test_cancelLockAfterAcquired
    @Test
    void cancelOfAnAcquiredLockHasNoEffect() {
        DeferredLock lock = new DeferredLock();
        Deferred<DeferredLock> d = lock.acquire();
        d.cancel();
        assertSame(lock, successResultOf(d));
        assertTrue(lock.isLocked());
    }

    @Test
    void cancelOfRunWhileWaitingForTheLockNeverCallsTheFunction() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        Deferred<String> result = lock.run(() -> {
            events.add("called");
            return "x";
        });
        result.cancel();
        failureResultOf(result, CancelledError.class);
        lock.release();
        assertEquals(List.of(), events);
        assertFalse(lock.isLocked());
    }

    @Test
    void cancelOfRunWhileTheFunctionsDeferredIsPendingCancelsItAndReleases() {
        DeferredLock lock = new DeferredLock();
        Deferred<String> control = new Deferred<>();
        Deferred<String> result = lock.runDeferred(() -> control);
        result.cancel();
        assertTrue(control.isCalled()); // its CancelledError was taken by the run() chain
        failureResultOf(result, CancelledError.class);
        assertFalse(lock.isLocked());
    }

    @Test
    void aWaiterMayReleaseReentrantly() {
        DeferredLock lock = new DeferredLock();
        lock.acquire();
        lock.acquire().addCallback(l -> {
            l.release();
            return l;
        });
        lock.acquire().addCallback(note("third"));
        lock.release();
        assertEquals(List.of("third"), events);
        assertTrue(lock.isLocked());
    }
}
