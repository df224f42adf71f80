package io.torsion.defer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches, from {@link #start()} to {@link #close()}, for Deferreds whose chain comes to rest on a
 * failure that no errback handled, and tells which of them still hold one — whether or not they
 * have been garbage-collected yet. Test harnesses use it to fail the test that left an unhandled
 * failure behind, at the end of that test, instead of whichever test runs when the collector
 * reports it (trial's "logged errors" check, without its blaming of the wrong test).
 *
 * <pre>{@code
 * try (UnhandledFailureWatch watch = UnhandledFailureWatch.start()) {
 *     runTheTest();
 *     assertEquals(List.of(), watch.pending());
 * }
 * }</pre>
 *
 * <p>Watches are process-wide: a Deferred on any thread is seen by every open watch. Tests that
 * run in parallel in one JVM therefore see each other's failures.
 *
 * <p>Threading: any thread; the set of seen Deferreds is synchronized.
 */
public final class UnhandledFailureWatch implements AutoCloseable {
    private static final List<UnhandledFailureWatch> OPEN = new CopyOnWriteArrayList<>();

    private final Set<FailureTracker> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private UnhandledFailureWatch() {
    }

    /**
     * Starts watching.
     *
     * @return the open watch; close it when done
     */
    public static UnhandledFailureWatch start() {
        UnhandledFailureWatch watch = new UnhandledFailureWatch();
        OPEN.add(watch);
        return watch;
    }

    /**
     * Returns the failures that Deferreds came to rest on while this watch was open and that they
     * still hold unhandled, in no promised order.
     *
     * @return the unhandled failures; empty if none
     */
    public List<Failure> pending() {
        List<Failure> failures = new ArrayList<>();
        synchronized (seen) {
            for (FailureTracker tracker : seen) {
                Failure failure = tracker.failResult;
                if (failure != null) {
                    failures.add(failure);
                }
            }
        }
        return failures;
    }

    /**
     * Forgets the failures seen so far, so that {@link #pending()} reports only later ones; a
     * harness that has reported them calls this to avoid reporting them twice.
     */
    public void clear() {
        synchronized (seen) {
            seen.clear();
        }
    }

    /** Stops watching; {@link #pending()} still answers for what was seen. */
    @Override
    public void close() {
        OPEN.remove(this);
    }

    /** Called by a tracker when its Deferred comes to rest on a failure. */
    static void noteResting(FailureTracker tracker) {
        if (OPEN.isEmpty()) {
            return;
        }
        for (UnhandledFailureWatch watch : OPEN) {
            synchronized (watch.seen) {
                watch.seen.add(tracker);
            }
        }
    }
}
