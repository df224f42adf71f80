package io.torsion.defer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reports a {@link Deferred} that becomes garbage while holding a {@link Failure} that no errback
 * handled (Twisted's {@code DebugInfo.__del__}), and keeps the debugging stacks shown in that
 * report and in {@link AlreadyCalledError}.
 *
 * <p>A tracker never refers to its Deferred, so it does not keep it alive. It is created lazily:
 * when a failure first comes to rest in the Deferred, or at construction when debugging is on. It
 * is registered with the {@link Cleaner} only once a failure has rested in it.
 *
 * <p>Threading: the owning Deferred's thread writes; the cleaner thread reads {@code failResult},
 * hence volatile.
 */
final class FailureTracker implements Runnable {
    private static final System.Logger LOG = System.getLogger(Deferred.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong IDS = new AtomicLong();
    /** Test hook: told of every tracker the cleaner runs, with the report or null. */
    private static final List<Consumer<Collected>> LISTENERS = new CopyOnWriteArrayList<>();

    /** What the cleaner found when a tracked Deferred was collected; report is null if handled. */
    record Collected(long id, String report) {}

    final long id = IDS.incrementAndGet();
    volatile Failure failResult;
    /** Where the Deferred was created, and where first fired; set only with debugging on. */
    Throwable creator;
    Throwable invoker;
    /** The tracker of the Deferred whose result this one's came from, for the async trace. */
    FailureTracker source;
    private boolean registered;

    /** Records that the Deferred now holds {@code failure} with no errback left to run. */
    void rest(Object owner, Failure failure) {
        failResult = failure;
        UnhandledFailureWatch.noteResting(this);
        if (!registered) {
            registered = true;
            CLEANER.register(owner, this);
        }
    }

    /** Runs on the cleaner thread once the Deferred is unreachable. */
    @Override
    public void run() {
        Failure failure = failResult;
        String report = failure == null ? null : report(failure);
        if (report != null) {
            LOG.log(System.Logger.Level.ERROR, report);
        }
        for (Consumer<Collected> listener : LISTENERS) {
            listener.accept(new Collected(id, report));
        }
    }

    String report(Failure failure) {
        StringBuilder out = new StringBuilder("Unhandled error in Deferred:\n");
        out.append(failure.getTraceback());
        appendDebug(out);
        if (creator == null) {
            out.append("(Call Deferred.setDebugging(true) to see where this Deferred was created.)\n");
        }
        return out.toString();
    }

    /** Appends the creation and first-fire stacks, and those of the Deferreds the result came through. */
    void appendDebug(StringBuilder out) {
        int depth = 0;
        for (FailureTracker t = this; t != null && depth < MAX_TRACE_DEPTH; t = t.source, depth++) {
            String who = depth == 0 ? "this Deferred" : "Deferred #" + depth + " it waited on";
            if (t.creator != null) {
                out.append("(debug) ").append(who).append(" was created:\n").append(stack(t.creator));
            }
            if (t.invoker != null) {
                out.append("(debug) ").append(who).append(" was first fired:\n").append(stack(t.invoker));
            }
        }
    }

    private static final int MAX_TRACE_DEPTH = 16;

    private static String stack(Throwable where) {
        StringWriter out = new StringWriter();
        where.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    static void addListener(Consumer<Collected> listener) {
        LISTENERS.add(listener);
    }

    static void removeListener(Consumer<Collected> listener) {
        LISTENERS.remove(listener);
    }
}
