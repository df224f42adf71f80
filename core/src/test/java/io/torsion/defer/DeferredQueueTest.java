package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's OtherPrimitivesTests.testQueue and test_cancelQueue* (test_defer.py), split by behaviour. */
class DeferredQueueTest {
    private static final int N = 2;
    private static final int M = 2;
    private final List<Integer> gotten = new ArrayList<>();

    private Callback<Integer, Integer> collect() {
        return r -> {
            gotten.add(r);
            return r;
        };
    }

    // testQueue: more waiting gets than the backlog raise QueueUnderflow
    @Test
    void getBeyondTheBacklogThrowsQueueUnderflow() {
        DeferredQueue<Integer> queue = new DeferredQueue<>(N, M);
        for (int i = 0; i < M; i++) {
            queue.get().addCallback(collect());
        }
        QueueUnderflow e = assertThrows(QueueUnderflow.class, queue::get);
        assertEquals(M, e.backlogLimit());
        assertTrue(e.getMessage().contains("backlog limit is 2"), e.getMessage());
        assertEquals(M, queue.waitingCount());
    }

    // testQueue: put delivers to waiting gets first, in order, then queues up to the size limit
    @Test
    void putFeedsWaitersInOrderThenQueuesUpToTheSizeLimit() {
        DeferredQueue<Integer> queue = new DeferredQueue<>(N, M);
        for (int i = 0; i < M; i++) {
            queue.get().addCallback(collect());
        }
        for (int i = 0; i < M; i++) {
            queue.put(i);
            assertEquals(range(0, i + 1), gotten);
        }
        for (int i = 0; i < N; i++) {
            queue.put(N + i);
            assertEquals(range(0, M), gotten);
        }
        assertEquals(N, queue.pendingCount());
        QueueOverflow e = assertThrows(QueueOverflow.class, () -> queue.put(null));
        assertEquals(N, e.sizeLimit());
        assertTrue(e.getMessage().contains("size limit is 2"), e.getMessage());

        gotten.clear();
        for (int i = 0; i < N; i++) {
            queue.get().addCallback(collect());
            assertEquals(range(N, N + i + 1), gotten);
        }
        assertEquals(0, queue.pendingCount());
    }

    // testQueue: an unbounded queue
    @Test
    void unboundedQueueByDefault() {
        DeferredQueue<Integer> queue = new DeferredQueue<>();
        assertEquals(DeferredQueue.UNBOUNDED, queue.sizeLimit());
        assertEquals(DeferredQueue.UNBOUNDED, queue.backlogLimit());
        for (int i = 0; i < N; i++) {
            queue.get().addCallback(collect());
        }
        for (int i = 0; i < N; i++) {
            queue.put(i);
        }
        assertEquals(range(0, N), gotten);
        for (int i = 0; i < 1000; i++) {
            queue.put(i);
        }
        assertEquals(1000, queue.pendingCount());
    }

    // testQueue: DeferredQueue(size=0)
    @Test
    void sizeZeroOverflowsOnTheFirstPut() {
        DeferredQueue<Object> queue = new DeferredQueue<>(0, DeferredQueue.UNBOUNDED);
        assertThrows(QueueOverflow.class, () -> queue.put(null));
    }

    @Test
    void sizeZeroStillHandsOverToAWaiter() {
        DeferredQueue<String> queue = new DeferredQueue<>(0, DeferredQueue.UNBOUNDED);
        Deferred<String> d = queue.get();
        queue.put("direct");
        assertEquals("direct", successResultOf(d));
    }

    // testQueue: DeferredQueue(backlog=0)
    @Test
    void backlogZeroUnderflowsOnTheFirstGetOfAnEmptyQueue() {
        DeferredQueue<Object> queue = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 0);
        assertThrows(QueueUnderflow.class, queue::get);
    }

    @Test
    void backlogZeroStillServesAPendingObject() {
        DeferredQueue<String> queue = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 0);
        queue.put("ready");
        assertEquals("ready", successResultOf(queue.get()));
    }

    @Test
    void negativeLimitsAreRefused() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new DeferredQueue<>(-1, 0));
        assertTrue(size.getMessage().contains("size"), size.getMessage());
        IllegalArgumentException backlog = assertThrows(IllegalArgumentException.class, () -> new DeferredQueue<>(0, -1));
        assertTrue(backlog.getMessage().contains("backlog"), backlog.getMessage());
    }

    @Test
    void getOfAPendingObjectFiresAtOnceInFifoOrder() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        queue.put("a");
        queue.put("b");
        assertEquals("a", successResultOf(queue.get()));
        assertEquals("b", successResultOf(queue.get()));
        assertNoResult(queue.get());
    }

    @Test
    void nullIsAnOrdinaryObject() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        queue.put(null);
        assertEquals(1, queue.pendingCount());
        assertNull(successResultOf(queue.get()));
        Deferred<String> waiting = queue.get();
        queue.put(null);
        assertNull(successResultOf(waiting));
    }

    // Torsion: a Deferred cannot be a Deferred's result, so put refuses one before touching any waiter
    @Test
    void putOfADeferredIsRefusedAndTheWaiterKeepsWaiting() {
        DeferredQueue<Object> queue = new DeferredQueue<>();
        Deferred<Object> waiting = queue.get();
        assertThrows(IllegalArgumentException.class, () -> queue.put(new Deferred<>()));
        assertEquals(1, queue.waitingCount());
        queue.put("fine");
        assertEquals("fine", successResultOf(waiting));
    }

    // As in Twisted, a Failure put into the queue reaches the getter on its errback path
    @Test
    void aFailurePutIntoTheQueueFailsTheGet() {
        DeferredQueue<Object> queue = new DeferredQueue<>();
        Deferred<Object> waiting = queue.get();
        queue.put(new Failure(new IllegalStateException("bad item")));
        failureResultOf(waiting, IllegalStateException.class);
        queue.put(new Failure(new IllegalStateException("queued")));
        failureResultOf(queue.get(), IllegalStateException.class);
    }

    // test_cancelQueueAfterSynchronousGet
    @Test
    void cancelOfAGetThatHasItsObjectHasNoEffect() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        Deferred<String> d = queue.get();
        queue.put("x");
        d.cancel();
        assertEquals("x", successResultOf(d));
    }

    // test_cancelQueueAfterGet: the cancelled get fails and is removed, so a later put is not lost on it
    @Test
    void cancelOfAWaitingGetFailsItAndRemovesTheWaiter() {
        DeferredQueue<String> queue = new DeferredQueue<>();
        Deferred<String> d = queue.get();
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(0, queue.waitingCount());

        queue.put(null);
        assertEquals(1, queue.pendingCount());
        assertNull(successResultOf(queue.get()));
    }

    @Test
    void cancelledGetFreesItsBacklogPlace() {
        DeferredQueue<String> queue = new DeferredQueue<>(DeferredQueue.UNBOUNDED, 1);
        Deferred<String> first = queue.get();
        assertThrows(QueueUnderflow.class, queue::get);
        first.cancel();
        failureResultOf(first, CancelledError.class);
        Deferred<String> second = queue.get();
        queue.put("to second");
        assertEquals("to second", successResultOf(second));
    }

    @Test
    void cancelOfAMiddleWaiterKeepsTheOthersInOrder() {
        DeferredQueue<Integer> queue = new DeferredQueue<>();
        queue.get().addCallback(collect());
        Deferred<Integer> middle = queue.get();
        queue.get().addCallback(collect());
        middle.cancel();
        failureResultOf(middle, CancelledError.class);
        queue.put(1);
        queue.put(2);
        assertEquals(List.of(1, 2), gotten);
    }

    @Test
    void aWaiterMayPutAndGetReentrantly() {
        DeferredQueue<Integer> queue = new DeferredQueue<>();
        Deferred<Integer> first = queue.get();
        first.addCallbackDeferred(r -> {
            queue.put(r + 1);
            return queue.get();
        });
        queue.put(1);
        assertEquals(2, successResultOf(first));
        assertEquals(0, queue.pendingCount());
        assertEquals(0, queue.waitingCount());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
