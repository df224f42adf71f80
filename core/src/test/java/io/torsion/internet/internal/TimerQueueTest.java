package io.torsion.internet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timer heap: (time, sequence) order, lazy removal with compaction, rescheduling. */
class TimerQueueTest {
    static final class E extends TimerQueue.Entry {
        final String name;
        final int id;

        E(String name) {
            this.name = name;
            this.id = -1;
        }

        E(int id) {
            this.name = null;
            this.id = id;
        }

        @Override
        public String toString() {
            return name != null ? name : Integer.toString(id);
        }
    }

    private final TimerQueue q = new TimerQueue();

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (TimerQueue.Entry e; (e = q.poll()) != null; ) {
            out.add(e.toString());
        }
        return out;
    }

    @Test
    void equalTimesComeOutInSchedulingOrder() {
        q.add(new E("b@5"), 5);
        q.add(new E("a@1"), 1);
        for (int i = 0; i < 5; i++) {
            q.add(new E("t" + i + "@3"), 3);
        }
        q.add(new E("c@3-last"), 3);
        assertEquals(List.of("a@1", "t0@3", "t1@3", "t2@3", "t3@3", "t4@3", "c@3-last", "b@5"), drain());
        assertNull(q.poll());
    }

    @Test
    void removedEntriesAreSkippedAndCounted() {
        E a = new E("a");
        E b = new E("b");
        E c = new E("c");
        q.add(a, 1);
        q.add(b, 2);
        q.add(c, 3);
        q.remove(a);
        q.remove(c);
        assertEquals(1, q.size());
        assertSame(b, q.peek());
        assertEquals(List.of("b"), drain());
        assertEquals(0, q.heapSize());
    }

    @Test
    void rescheduleMovesAnEntryAndGivesItANewSequence() {
        E a = new E("a");
        E b = new E("b");
        E c = new E("c");
        q.add(a, 10);
        q.add(b, 20);
        q.add(c, 30);
        q.reschedule(c, 5);     // sooner
        q.reschedule(a, 20);    // later, equal to b: after b, as rescheduled later
        assertEquals(5, c.due());
        assertEquals(List.of("c", "b", "a"), drain());
    }

    @Test
    void cancelledEntriesAreCompactedWhenTheyDominate() {
        List<E> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            E e = new E("e" + i);
            all.add(e);
            q.add(e, i);
        }
        for (int i = 0; i < 10_000; i += 2) {
            q.remove(all.get(i));
        }
        for (int i = 1; i < 9_000; i += 2) {
            q.remove(all.get(i));
        }
        assertEquals(500, q.size());
        assertTrue(q.heapSize() <= 2 * q.size() + TimerQueue.MIN_COMPACT, "heap " + q.heapSize());
        List<String> rest = drain();
        assertEquals(500, rest.size());
        assertEquals("e9001", rest.get(0));
        assertEquals("e9999", rest.get(499));
    }

    @Test
    void aMillionRandomEntriesComeOutSortedWithCancellationsSkipped() {
        Random random = new Random(42);
        int n = 1_000_000;
        E[] entries = new E[n];
        for (int i = 0; i < n; i++) {
            entries[i] = new E(i);
            q.add(entries[i], random.nextInt(1_000));
        }
        int removed = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) == 0) {
                q.remove(entries[i]);
                removed++;
            }
        }
        for (int i = 0; i < 1000; i++) {
            E e = entries[random.nextInt(n)];
            if (e.isQueued()) {
                q.reschedule(e, random.nextInt(1_000));
            }
        }
        assertEquals(n - removed, q.size());
        long lastDue = Long.MIN_VALUE;
        long lastSeq = Long.MIN_VALUE;
        int count = 0;
        boolean inOrder = true;
        for (TimerQueue.Entry e; (e = q.poll()) != null; count++) {
            inOrder &= e.due() > lastDue || (e.due() == lastDue && e.sequence() > lastSeq);
            lastDue = e.due();
            lastSeq = e.sequence();
        }
        assertTrue(inOrder, "out of order");
        assertEquals(n - removed, count);
    }

    @Test
    void theLastSlotAndTheEntryAddedLastAreRemovedAtOnce() {
        E first = new E("first");
        E last = new E("last");
        E middle = new E("middle");
        E soonest = new E("soonest");
        q.add(first, 10);
        q.add(last, 20);
        q.add(middle, 15);
        q.add(soonest, 1);      // added last; sifted up to the top, above first and last
        q.remove(soonest);
        assertEquals(3, q.heapSize(), "the entry added last leaves nothing to skip or compact");
        assertFalse(soonest.isQueued());
        q.remove(middle);       // in the last slot
        assertEquals(2, q.heapSize(), "neither does the last slot");
        q.remove(first);        // neither: marked, and skipped when it reaches the top
        assertEquals(2, q.heapSize());
        assertEquals(1, q.size());
        q.add(soonest, 0);
        assertEquals(List.of("soonest", "last"), drain());
    }
}
