package io.torsion.defer;

import java.util.Objects;

/**
 * One run of a coroutine body: the state machine behind {@link Coroutine#start} and
 * {@link Coroutine.Await#await}, ported from Twisted's {@code _inlineCallbacks} and
 * {@code _cancellableInlineCallbacks}.
 *
 * <p>Lifecycle, enforced by {@link Phase}:
 * <ol>
 *   <li>{@code start} creates the body thread and hands control to it (RUNNING).</li>
 *   <li>An await of a Deferred that already has its result continues at once. An await of one
 *       that has none adds a step to it and hands control back (SUSPENDED).</li>
 *   <li>When that Deferred fires, its step records the result and hands control to the body on
 *       the firing thread, which is blocked until the body suspends again or ends (RUNNING).</li>
 *   <li>When the body returns or throws (FINISHED), its thread ends and the driving thread fires
 *       the coroutine's Deferred.</li>
 * </ol>
 *
 * <p>Threading: the body's thread and its current driving thread, one at a time, through
 * {@link Handoff}; its passes order every field access here, so none but Handoff's is volatile.
 */
final class CoroutineRun<T> implements Runnable {
    enum Phase { RUNNING, SUSPENDED, FINISHED }

    /** On a body thread, its run; {@link Coroutine#drivingThread} follows it. */
    private static final ThreadLocal<CoroutineRun<?>> CURRENT = new ThreadLocal<>();
    /** Marks "no result yet"; null is a legitimate result. */
    private static final Object NONE = new Object();

    /** The Deferred returned by start. */
    final Deferred<T> deferred;
    private final Coroutine.Await handle = new Coroutine.Await(this);
    private final Thread thread;
    private final Handoff handoff;
    private CoroutineBody<T> body;
    private Phase phase = Phase.RUNNING;

    /**
     * The Deferred to fire with the body's outcome: {@link #deferred}, until a cancel makes that
     * one wait on a fresh one (Twisted's {@code status.deferred}).
     */
    private Deferred<T> status;
    /** While suspended: the awaited Deferred (Twisted's {@code status.waitingOn}) and our step on it. */
    private Deferred<?> waitingOn;
    private Waiter waiter;
    /** Cancelled while running: the next await of a Deferred without a result cancels that one. */
    private boolean cancelPending;
    /** What the suspended await returns (a value) or throws (a Failure). */
    private Object resumedWith;
    /** The body's outcome: its return value, or a Failure. */
    private Object outcome;
    private boolean failed;
    private int suspensions;
    /** The run whose body thread is driving this one, if any; for {@link #drivingThread}. */
    private CoroutineRun<?> driverRun;
    private Thread driverThread;

    private CoroutineRun(CoroutineBody<T> body, BodyThreads.Kind kind, Handoff.Spin spin) {
        this.body = Objects.requireNonNull(body, "body");
        this.deferred = newStatus();
        this.status = deferred;
        this.thread = BodyThreads.newThread(kind, this);
        this.handoff = new Handoff(thread, spin);
    }

    /** Runs {@code body} as a coroutine on a thread of {@code kind}; see {@link Coroutine#start}. */
    static <T> Deferred<T> start(CoroutineBody<T> body, BodyThreads.Kind kind, Handoff.Spin spin) {
        CoroutineRun<T> run = new CoroutineRun<>(body, kind, spin);
        run.noteDriver();
        try {
            run.handoff.start();
        } catch (OutOfMemoryError e) {
            // No thread could be created ("unable to create native thread"): the body never ran.
            run.phase = Phase.FINISHED;
            run.body = null;
            run.deferred.errback(e);
            return run.deferred;
        }
        run.handedBack();
        return run.deferred;
    }

    /** The thread that code on the current thread runs for; see {@link Coroutine#drivingThread}. */
    static Thread drivingThread() {
        Thread t = Thread.currentThread();
        // Only a running body calls this on its thread, and its driver is blocked, so the fields
        // read here were written before the pass that let the body run.
        for (CoroutineRun<?> run = CURRENT.get(); run != null; run = run.driverRun) {
            t = run.driverThread;
        }
        return t;
    }

    // ---------------------------------------------------------------- the body thread

    @Override
    public void run() {
        CURRENT.set(this);
        try {
            outcome = body.run(handle);
            failed = false;
        } catch (Throwable t) {
            // Every throwable fails the coroutine's Deferred, as Twisted's catches BaseException.
            outcome = new Failure(t);
            failed = true;
        }
        body = null;
        phase = Phase.FINISHED;
        handoff.end();
    }

    /** The body's await; see {@link Coroutine.Await#await}. */
    <V> V await(Deferred<V> awaited) throws Exception {
        Objects.requireNonNull(awaited, "awaited");
        if (Thread.currentThread() != thread || phase != Phase.RUNNING) {
            throw notInBody();
        }
        if (awaited == deferred) {
            throw new IllegalStateException("a coroutine cannot await its own Deferred: it would wait forever");
        }
        Waiter w = new Waiter();
        awaited.addBoth(w);
        boolean registered = false;
        try {
            if (w.result == NONE && cancelPending) {
                cancelPending = false;
                awaited.cancel(); // may fire it now, while w still takes results synchronously
            }
            registered = true;
        } finally {
            w.synchronous = false;
            w.abandoned = !registered; // the canceller threw: this await ends with its exception
        }
        Object result = w.result;
        if (result == NONE) {
            waitingOn = awaited;
            waiter = w;
            transition(Phase.RUNNING, Phase.SUSPENDED);
            suspensions++;
            handoff.suspend();
            result = resumedWith;
            resumedWith = null;
        }
        if (result instanceof Failure failure) {
            throw failure.raiseException();
        }
        @SuppressWarnings("unchecked")
        V value = (V) result;
        return value;
    }

    int suspensions() {
        return suspensions;
    }

    private IllegalStateException notInBody() {
        if (phase == Phase.FINISHED) {
            return new IllegalStateException("await called after the coroutine's body ended");
        }
        return new IllegalStateException("await called on " + Thread.currentThread()
                + ", outside the coroutine's body (which runs on " + thread + ")");
    }

    // ---------------------------------------------------------------- the driving thread

    /** The step an await adds to the awaited Deferred (Twisted's {@code gotResult}). */
    private final class Waiter implements Callback<Object, Object> {
        /** True while await is still adding this step: a result then is taken synchronously. */
        boolean synchronous = true;
        /** True if the await threw before suspending: a later result is not the body's. */
        boolean abandoned;
        Object result = NONE;

        @Override
        public Object call(Object r) {
            if (synchronous) {
                result = r;
            } else if (abandoned) {
                return r;
            } else {
                resume(this, r);
            }
            return null; // the body took the result; the awaited Deferred carries null, as in Twisted
        }
    }

    private void resume(Waiter w, Object result) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a coroutine's awaited Deferred fired on the coroutine's own body thread");
        }
        handoff.acquire();
        if (waiter != w) {
            throw new IllegalStateException("coroutine is " + phase + " and not waiting for this Deferred");
        }
        transition(Phase.SUSPENDED, Phase.RUNNING);
        waiter = null;
        waitingOn = null;
        resumedWith = result;
        noteDriver();
        handoff.resumeBody();
        handedBack();
    }

    /** Records the current thread as the body's driver, for {@link #drivingThread}. */
    private void noteDriver() {
        driverThread = Thread.currentThread();
        driverRun = CURRENT.get();
    }

    /** After the body handed back: if it ended, fire the Deferred its outcome belongs to. */
    private void handedBack() {
        if (!handoff.bodyEnded()) {
            return;
        }
        Object value = outcome;
        outcome = null;
        driverRun = null;
        Deferred<T> target = status;
        if (failed) {
            target.errback((Failure) value);
        } else if (value instanceof Deferred) {
            target.errback(new IllegalArgumentException(
                    "a coroutine body returned a Deferred; return the result of awaiting it instead"));
        } else {
            @SuppressWarnings("unchecked")
            T result = (T) value;
            target.callback(result);
        }
    }

    // ---------------------------------------------------------------- cancellation

    /*
     * Cancellation, as Twisted's _cancellableInlineCallbacks. The coroutine's Deferred has a
     * canceller that fails it with the private CoroutineCancel; the first step of its chain, put
     * there before anyone else can add one, turns that failure into a fresh Deferred (so the
     * coroutine's Deferred is now called but waits, without a result) and cancels the awaited
     * Deferred, whose CancelledError (or whatever its canceller fires it with) then reaches the
     * body at its await. What the body finally returns or throws goes to the fresh Deferred, and so
     * on to the coroutine's. A second cancel reaches the fresh Deferred through Deferred.cancel's
     * forwarding to the Deferred it waits on, and the same happens again one level down.
     */

    private Deferred<T> newStatus() {
        Deferred<T> d = new Deferred<>(this::cancelRequested);
        d.addBoth(this::afterCancelRequest);
        return d;
    }

    private void cancelRequested(Deferred<T> cancelled) {
        cancelled.errback(new CoroutineCancel());
    }

    private Object afterCancelRequest(Object result) {
        if (!(result instanceof Failure f) || !(f.value() instanceof CoroutineCancel)) {
            return result;
        }
        Deferred<T> next = newStatus();
        status = next;
        Deferred<?> awaited = waitingOn;
        if (awaited != null) {
            awaited.cancel();
        } else {
            // Cancelled by the body itself, while it runs: it is not awaiting anything yet.
            cancelPending = true;
        }
        return next;
    }

    /** The failure a cancel gives the coroutine's Deferred for the first step to catch; never seen outside. */
    private static final class CoroutineCancel extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CoroutineCancel() {
            super("coroutine cancelled", null, false, false);
        }
    }

    private void transition(Phase expected, Phase next) {
        if (phase != expected) {
            throw new IllegalStateException("coroutine is " + phase + ", expected " + expected);
        }
        phase = next;
    }
}
