package io.torsion.internet.internal;

import java.util.Arrays;

/**
 * The reactor's timer queue: a binary min-heap of entries ordered by (due time, sequence number),
 * so that entries due at the same time come out in the order they were scheduled.
 *
 * <p>Costs: {@link #add} and {@link #reschedule} are O(log n) (an entry knows its slot, so it is
 * sifted in place); {@link #remove} is lazy, O(1): the entry is marked and skipped when it reaches
 * the top, and when removed entries are more than half of the heap (and at least
 * {@value #MIN_COMPACT}), the heap is rebuilt without them in O(n), which keeps removal amortised
 * O(1) and memory proportional to the live entries. Two entries are removed at once instead, in
 * O(log n) at worst and usually O(1): the one in the heap's last slot, and the one added last (a
 * call cancelled before any other was scheduled, as a timeout cancelled at once); both sit at or
 * near the bottom of the heap, where removing them is cheaper than marking them and compacting
 * later (measured in {@code bench/}, {@code CallLaterBenchmark}).
 *
 * <p>Threading: not thread-safe; owned by the reactor thread.
 */
public final class TimerQueue {
    /** Below this many dead entries the heap is never compacted: not worth an O(n) pass. */
    public static final int MIN_COMPACT = 64;

    /**
     * A heap element: subclassed by the reactor's delayed call.
     *
     * <p>Threading: owned by the queue's thread.
     */
    public abstract static class Entry {
        long due;
        long sequence;
        /** The slot in the heap array, or -1 when not in the heap. */
        int index = -1;
        /** Removed lazily: still in the heap array, skipped when it reaches the top. */
        boolean dead;

        /**
         * Returns when the entry is due, in the queue owner's nanoseconds.
         *
         * @return the due time
         */
        public final long due() {
            return due;
        }

        /**
         * Returns the scheduling sequence number that breaks ties between equal due times.
         *
         * @return the sequence number
         */
        public final long sequence() {
            return sequence;
        }

        /**
         * Tells whether the entry is in the queue and not removed.
         *
         * @return true while queued
         */
        public final boolean isQueued() {
            return index >= 0 && !dead;
        }
    }

    private Entry[] heap = new Entry[64];
    private int heapSize;
    private int deadCount;
    private long nextSequence;

    /**
     * Returns the sequence number the next added or rescheduled entry will get: entries with a
     * lower number were scheduled before this call.
     *
     * @return the next sequence number
     */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Adds an entry due at {@code due}.
     *
     * @param e an entry not in any queue
     * @param due when it is due
     * @throws IllegalStateException if the entry is already queued
     */
    public void add(Entry e, long due) {
        if (e.index >= 0) {
            throw new IllegalStateException("entry already queued: " + e);
        }
        e.due = due;
        e.sequence = nextSequence++;
        e.dead = false;
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        e.index = heapSize;
        heap[heapSize++] = e;
        siftUp(e.index);
    }

    /**
     * Moves a queued entry to a new due time; it gets a new sequence number, as if scheduled now.
     *
     * @param e a queued entry
     * @param due the new due time
     * @throws IllegalStateException if the entry is not queued
     */
    public void reschedule(Entry e, long due) {
        if (!e.isQueued()) {
            throw new IllegalStateException("entry not queued: " + e);
        }
        e.due = due;
        e.sequence = nextSequence++;
        siftUp(e.index);
        siftDown(e.index);
    }

    /**
     * Removes a queued entry, lazily.
     *
     * @param e a queued entry
     * @throws IllegalStateException if the entry is not queued
     */
    public void remove(Entry e) {
        if (!e.isQueued()) {
            throw new IllegalStateException("entry not queued: " + e);
        }
        if (e.index == heapSize - 1 || e.sequence == nextSequence - 1) {
            removeAt(e.index);
            return;
        }
        e.dead = true;
        deadCount++;
        if (deadCount >= MIN_COMPACT && deadCount > heapSize / 2) {
            compact();
        }
    }

    /**
     * Returns the live entry that is due first, without removing it.
     *
     * @return the first entry, or null if the queue is empty
     */
    public Entry peek() {
        while (heapSize > 0 && heap[0].dead) {
            deadCount--;
            removeTop();
        }
        return heapSize == 0 ? null : heap[0];
    }

    /**
     * Removes and returns the live entry that is due first.
     *
     * @return the first entry, or null if the queue is empty
     */
    public Entry poll() {
        Entry top = peek();
        if (top != null) {
            removeTop();
        }
        return top;
    }

    /**
     * Returns the number of live entries.
     *
     * @return the number of entries queued and not removed
     */
    public int size() {
        return heapSize - deadCount;
    }

    /**
     * Returns the number of slots in use, removed entries included (for tests of compaction).
     *
     * @return the heap's size
     */
    public int heapSize() {
        return heapSize;
    }

    /**
     * Copies the live entries, in no particular order.
     *
     * @param <T> the entries' type
     * @param type the entries' class
     * @return the live entries
     */
    public <T extends Entry> java.util.List<T> liveEntries(Class<T> type) {
        java.util.List<T> out = new java.util.ArrayList<>(size());
        for (int i = 0; i < heapSize; i++) {
            if (!heap[i].dead) {
                out.add(type.cast(heap[i]));
            }
        }
        return out;
    }

    private void removeTop() {
        Entry top = heap[0];
        top.index = -1;
        Entry last = heap[--heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            heap[0] = last;
            last.index = 0;
            siftDown(0);
        }
    }

    /**
     * Removes the entry at slot {@code i} at once: the last entry takes its place and is sifted.
     * Used for the last slot, which costs nothing to drop, and for the entry added last: it sits
     * at or near the bottom, on the path that adding it has just walked, so this is cheap and, unlike
     * marking it, leaves nothing to skip or compact. (An older entry is anywhere in the heap, where
     * sifting would cost cache misses that marking avoids.)
     */
    private void removeAt(int i) {
        Entry removed = heap[i];
        removed.index = -1;
        Entry last = heap[--heapSize];
        heap[heapSize] = null;
        if (i != heapSize) {
            heap[i] = last;
            last.index = i;
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }
    }

    /** Drops the dead entries and rebuilds the heap bottom-up: O(n). */
    private void compact() {
        int live = 0;
        for (int i = 0; i < heapSize; i++) {
            Entry e = heap[i];
            if (e.dead) {
                e.index = -1;
            } else {
                heap[live] = e;
                e.index = live++;
            }
        }
        Arrays.fill(heap, live, heapSize, null);
        heapSize = live;
        deadCount = 0;
        if (heap.length > 64 && heapSize < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(64, heapSize * 2));
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    private static boolean before(Entry a, Entry b) {
        return a.due < b.due || (a.due == b.due && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        Entry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void siftDown(int i) {
        Entry e = heap[i];
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Entry c = heap[child];
            int right = child + 1;
            if (right < heapSize && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, e)) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = e;
        e.index = i;
    }
}
