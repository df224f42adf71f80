package io.torsion.defer;

import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A result that is not there yet, and the chain of steps that will react to it (Twisted's
 * {@code twisted.internet.defer.Deferred}).
 *
 * <p>Whoever starts an operation returns a Deferred and later fires it once, with
 * {@link #callback} (success) or {@link #errback} (failure). Whoever wants the result adds steps:
 * callbacks for the success path, errbacks for the failure path. Each step receives the result of
 * the step before it, so the steps form a processing chain:
 * <pre>
 *   callback(x) ─► cb1 ──► cb2 ──────────► cb3 ─► ...
 *                    ╲ throws       ╱ returns a value
 *   errback(f) ─► eb1 ─► eb2 ─────► eb3 ─► ...
 * </pre>
 * <ul>
 *   <li>A callback that throws sends the chain to the errback path; an errback that returns a
 *       value sends it back to the callback path; an errback that throws (for example through
 *       {@link Failure#trap}) stays on the errback path.</li>
 *   <li>A step that returns another Deferred pauses this chain until that one fires; its result
 *       or failure then flows on here. Use {@link #addCallbackDeferred} so that this type-checks.
 *       The inner Deferred's result is taken: a callback added to the inner one afterwards sees
 *       {@code null}, as in Twisted.</li>
 *   <li>Steps run synchronously, in the order they were added, on the thread that fires the
 *       Deferred; a step added after the result is there runs at once, on the adding thread.</li>
 * </ul>
 *
 * <pre>{@code
 * Deferred<byte[]> body = getPage(url);
 * Deferred<Integer> length = body
 *         .addCallback(String::new)               // Deferred<String>
 *         .addCallback(String::length);           // Deferred<Integer>
 * length.addErrback(f -> { log(f); return -1; });
 * }</pre>
 *
 * <p>The methods that add steps return this same Deferred, re-typed to the type the chain now
 * carries. BAD: keep using the old reference with its old type after adding a step that changes
 * the type. GOOD: use the returned reference.
 *
 * <p>Where Torsion differs from Twisted, on purpose: firing with a Deferred as the result is
 * refused; {@link #unpause()} without a matching {@link #pause()} throws; {@link #chainDeferred}
 * is iterative like returned Deferreds are, so chains of any length cannot overflow the stack;
 * unhandled failures are reported even when the Deferred was paused holding them.
 *
 * <p>Unhandled failures: a Deferred that is garbage-collected while its chain ends in a failure
 * that no errback handled is logged through {@link System.Logger} (logger name
 * {@code io.torsion.defer.Deferred}, level ERROR) with the failure's stack, and with debugging on
 * ({@link #setDebugging}) where this Deferred and the Deferreds it waited on were created and first
 * fired.
 *
 * <p>Threading: not thread-safe. A Deferred belongs to one thread (normally the reactor's): fire
 * it and add steps there. Other threads hand work over with the reactor's
 * {@code callFromThread}.
 *
 * @param <T> the type of the result the chain currently carries
 */
public final class Deferred<T> {
    /** Marks "no result yet"; null is a legitimate result. */
    private static final Object NO_RESULT = new Object();
    private static volatile boolean debugging;

    private Object result = NO_RESULT;
    private boolean called;
    private int paused;
    private boolean runningCallbacks;
    private boolean suppressAlreadyCalled;
    /** The Deferred this one waits on, while a step's returned Deferred has no result yet. */
    private Deferred<?> chainedTo;
    private final Consumer<? super Deferred<T>> canceller;
    private Link head;
    private Link tail;
    private FailureTracker tracker;

    /** Creates a Deferred with no canceller: {@link #cancel()} fails it with {@link CancelledError}. */
    public Deferred() {
        this(null);
    }

    /**
     * Creates a Deferred whose {@link #cancel()} first calls {@code canceller}, which should stop the
     * pending operation and may fire the Deferred itself. If it does not, {@code cancel()} fails the
     * Deferred with {@link CancelledError}, and a later {@code callback} or {@code errback} throws
     * {@link AlreadyCalledError}.
     *
     * @param canceller stops the operation; receives this Deferred; null for none
     */
    public Deferred(Consumer<? super Deferred<T>> canceller) {
        this.canceller = canceller;
        if (debugging) {
            tracker = new FailureTracker();
            tracker.creator = new Throwable("Deferred created here");
        }
    }

    // ---------------------------------------------------------------- creating fired Deferreds

    /**
     * Returns a Deferred that already has {@code result} (Twisted's {@code succeed}).
     *
     * @param result the result; may be null, must not be a Deferred
     * @param <T> the result's type
     * @return a fired Deferred
     * @throws IllegalArgumentException if {@code result} is a Deferred
     */
    public static <T> Deferred<T> succeed(T result) {
        Deferred<T> d = new Deferred<>();
        d.callback(result);
        return d;
    }

    /**
     * Returns a Deferred that has already failed with {@code error} (Twisted's {@code fail}).
     *
     * @param error the error
     * @param <T> the type the Deferred would have carried
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Throwable error) {
        return fail(new Failure(error));
    }

    /**
     * Returns a Deferred that has already failed with {@code failure}.
     *
     * @param failure the failure
     * @param <T> the type the Deferred would have carried
     * @return a failed Deferred
     */
    public static <T> Deferred<T> fail(Failure failure) {
        Deferred<T> d = new Deferred<>();
        d.errback(failure);
        return d;
    }

    /**
     * Calls {@code f} now and returns its outcome as a Deferred (Twisted's {@code maybeDeferred}):
     * the Deferred it returns, or a fired Deferred holding the value it returned or the failure it
     * threw. A caller can so treat synchronous and asynchronous functions alike.
     *
     * @param f the function; it may return a plain value or a {@code Deferred<T>}
     * @param <T> the type of the result
     * @return {@code f}'s Deferred, or a fired one; never throws
     */
    @SuppressWarnings("unchecked")
    public static <T> Deferred<T> maybeDeferred(Callable<?> f) {
        Object value;
        try {
            value = f.call();
        } catch (Throwable t) {
            return fail(t);
        }
        if (value instanceof Deferred<?> d) {
            return (Deferred<T>) d;
        }
        if (value instanceof Failure failure) {
            return fail(failure);
        }
        return succeed((T) value);
    }

    // ---------------------------------------------------------------- firing

    /**
     * Fires this Deferred with a successful result, running the callback chain now, on this
     * thread. A {@link Failure} given here is treated as {@link #errback(Failure)}, as in Twisted.
     *
     * @param result the result; may be null
     * @throws AlreadyCalledError if this Deferred was fired before, except for the one firing
     *     swallowed after a {@link #cancel()} without canceller
     * @throws IllegalArgumentException if {@code result} is a Deferred (chain it with a callback
     *     that returns it, or with {@link #chainDeferred}, instead)
     */
    public void callback(T result) {
        if (result instanceof Deferred) {
            throw new IllegalArgumentException(
                    "a Deferred cannot be the result of a Deferred; return it from a callback instead");
        }
        startRunCallbacks(result);
    }

    /**
     * Fires this Deferred with an error, running the errback chain now, on this thread.
     *
     * @param error the error; wrapped in a {@link Failure}
     * @throws AlreadyCalledError if this Deferred was fired before (see {@link #callback})
     */
    public void errback(Throwable error) {
        startRunCallbacks(new Failure(error));
    }

    /**
     * Fires this Deferred with a failure, running the errback chain now, on this thread.
     *
     * @param failure the failure
     * @throws AlreadyCalledError if this Deferred was fired before (see {@link #callback})
     * @throws NullPointerException if {@code failure} is null
     */
    public void errback(Failure failure) {
        startRunCallbacks(Objects.requireNonNull(failure, "failure"));
    }

    // ---------------------------------------------------------------- adding steps

    /**
     * Adds a step for the success path; a failure passes it by (Twisted's {@code addCallback}).
     * If this Deferred already has a result, the step runs now.
     *
     * <p>A callback may return a Deferred at run time and the chain will wait for it, but then the
     * declared type is wrong: use {@link #addCallbackDeferred} for that.
     *
     * @param callback receives the result, returns the next one, or throws to fail the chain
     * @param <R> the type the chain carries after the step
     * @return this Deferred, re-typed
     */
    public <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
        return addLink(new Link(callback, null));
    }

    /**
     * Adds a step for the success path that returns a Deferred; the chain waits for it and carries
     * on with its result or failure. Cancelling this Deferred while it waits cancels the inner one.
     *
     * @param callback receives the result and returns the Deferred to wait for
     * @param <R> the type of the inner Deferred's result
     * @return this Deferred, re-typed
     */
    public <R> Deferred<R> addCallbackDeferred(Callback<? super T, ? extends Deferred<? extends R>> callback) {
        return addLink(new Link(callback, null));
    }

    /**
     * Adds a step for the failure path; a success passes it by (Twisted's {@code addErrback}).
     * Return a value to recover; throw (for example with {@link Failure#trap}) to stay failed.
     *
     * @param errback receives the failure
     * @return this Deferred
     */
    public Deferred<T> addErrback(Errback<? extends T> errback) {
        return addLink(new Link(null, errback));
    }

    /**
     * Adds a step for the failure path that returns a Deferred to wait for, as
     * {@link #addCallbackDeferred} does for the success path.
     *
     * @param errback receives the failure and returns the Deferred to wait for
     * @return this Deferred
     */
    public Deferred<T> addErrbackDeferred(Errback<? extends Deferred<? extends T>> errback) {
        return addLink(new Link(null, errback));
    }

    /**
     * Adds one step with a branch for each path (Twisted's {@code addCallbacks}). Exactly one of
     * the two runs; unlike a callback followed by an errback, the errback does not see a failure
     * thrown by the callback.
     *
     * @param callback the success branch
     * @param errback the failure branch
     * @param <R> the type the chain carries after the step
     * @return this Deferred, re-typed
     */
    public <R> Deferred<R> addCallbacks(Callback<? super T, ? extends R> callback, Errback<? extends R> errback) {
        return addLink(new Link(Objects.requireNonNull(callback, "callback"),
                Objects.requireNonNull(errback, "errback")));
    }

    /**
     * Adds one step that runs on either path (Twisted's {@code addBoth}). It receives the result
     * (of type {@code T}) or the {@link Failure}; returning a Failure keeps the chain failed, so
     * {@code r -> { cleanUp(); return r; }} passes either through unchanged.
     *
     * @param both receives the result or the failure
     * @param <R> the type the chain carries after the step
     * @return this Deferred, re-typed
     */
    public <R> Deferred<R> addBoth(Callback<Object, ? extends R> both) {
        Objects.requireNonNull(both, "both");
        Errback<? extends R> asErrback = both::call;
        return addLink(new Link(both, asErrback));
    }

    /**
     * Adds a step that runs on either path and passes the result or failure through unchanged,
     * unless it throws, in which case the chain fails with what it threw. The Java
     * {@code finally} of a chain.
     *
     * @param action what to run
     * @return this Deferred
     */
    public Deferred<T> addFinally(ThrowingRunnable action) {
        Objects.requireNonNull(action, "action");
        return addBoth(r -> {
            action.run();
            @SuppressWarnings("unchecked")
            T same = (T) r;
            return same;
        });
    }

    /**
     * Makes {@code other} fire with this chain's result at this point (Twisted's
     * {@code chainDeferred}). Afterwards this chain carries {@code null}. Firing {@code other}
     * does not affect this Deferred. Long series of chained Deferreds are processed iteratively.
     *
     * @param other the Deferred to fire; if it has already been fired, this chain fails with
     *     {@link AlreadyCalledError} at this point
     * @return this Deferred, now carrying null
     */
    public Deferred<Void> chainDeferred(Deferred<? super T> other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            throw new IllegalArgumentException("a Deferred cannot be chained to itself");
        }
        return addLink(new Link(Link.CHAIN, other));
    }

    // ---------------------------------------------------------------- pause, cancel, timeout

    /**
     * Stops running steps until a matching {@link #unpause()}; results and added steps wait.
     * Pauses nest.
     */
    public void pause() {
        paused++;
    }

    /**
     * Undoes one {@link #pause()}; when none is left, runs the steps that waited.
     *
     * @throws IllegalStateException if this Deferred is not paused (Twisted would leave it stuck)
     */
    public void unpause() {
        if (paused == 0) {
            throw new IllegalStateException("unpause() without a matching pause(): the Deferred is not paused");
        }
        paused--;
        if (paused == 0 && called) {
            runCallbacks();
        }
    }

    /**
     * Asks for the operation behind this Deferred to stop (Twisted's {@code cancel}).
     * <ol>
     *   <li>Not fired yet: the canceller runs, if there is one. If the Deferred is still not fired
     *       afterwards, it fails with {@link CancelledError}. Without a canceller, the one
     *       {@code callback} or {@code errback} that the operation may still make is swallowed; with
     *       a canceller (even one that does nothing) such a late firing throws
     *       {@link AlreadyCalledError}.</li>
     *   <li>Waiting on a Deferred returned by one of its steps: that Deferred is cancelled.</li>
     *   <li>Otherwise (it has a result): nothing happens.</li>
     * </ol>
     * The canceller's exceptions propagate to the caller.
     */
    public void cancel() {
        if (!called) {
            if (canceller != null) {
                canceller.accept(this);
            } else {
                suppressAlreadyCalled = true;
            }
            if (!called) {
                errback(new CancelledError());
            }
        } else if (chainedTo != null) {
            chainedTo.cancel();
        }
    }

    /**
     * Cancels this Deferred if it has no result after {@code timeout}, and then turns the
     * {@link CancelledError} into a {@link TimeoutError} (Twisted's {@code addTimeout}). Covers the
     * steps added before this call, not those added after.
     *
     * <p>Only a failure that is still a {@link CancelledError} when the timeout's own step runs
     * becomes a {@link TimeoutError}: a step added before may already have handled it, and a
     * canceller that fired the Deferred with a value keeps that value. A manual {@link #cancel()}
     * before the deadline stays a {@code CancelledError}. The scheduled call is cancelled as soon
     * as the chain passes this point.
     *
     * @param timeout how long to wait
     * @param clock schedules the timeout (the reactor, or a {@code Clock} in tests)
     * @return this Deferred
     */
    public Deferred<T> addTimeout(Duration timeout, ReactorTime clock) {
        return addTimeout(timeout, clock, (value, t) -> {
            if (value instanceof Failure failure) {
                failure.trap(CancelledError.class);
                throw new TimeoutError(t);
            }
            @SuppressWarnings("unchecked")
            T same = (T) value;
            return same;
        });
    }

    /**
     * As {@link #addTimeout(Duration, ReactorTime)}, with seconds.
     *
     * @param timeoutSeconds how long to wait, in seconds
     * @param clock schedules the timeout
     * @return this Deferred
     */
    public Deferred<T> addTimeout(double timeoutSeconds, ReactorTime clock) {
        return addTimeout(Duration.ofNanos((long) (timeoutSeconds * 1e9)), clock);
    }

    /**
     * As {@link #addTimeout(Duration, ReactorTime)}, with a custom conversion: when the timeout
     * fired the cancellation, {@code onTimeoutCancel} receives the chain's value at that point
     * (probably a {@link Failure} of {@link CancelledError}) and the timeout, and its return value
     * or exception replaces it.
     *
     * @param timeout how long to wait
     * @param clock schedules the timeout
     * @param onTimeoutCancel converts the result after a timeout; called only after a timeout
     * @return this Deferred
     */
    public Deferred<T> addTimeout(Duration timeout, ReactorTime clock, TimeoutConverter<T> onTimeoutCancel) {
        Objects.requireNonNull(onTimeoutCancel, "onTimeoutCancel");
        boolean[] timedOut = {false};
        DelayedCall call = clock.callLater(timeout, () -> {
            timedOut[0] = true;
            cancel();
        });
        addBoth(value -> {
            if (call.active()) {
                call.cancel();
            }
            return timedOut[0] ? onTimeoutCancel.convert(value, timeout) : value;
        });
        return this;
    }

    // ---------------------------------------------------------------- queries

    /**
     * Tells whether {@link #callback} or {@link #errback} has been called (Twisted's
     * {@code called}). A called Deferred may still have no result to offer: it may be paused or
     * waiting on a Deferred returned by one of its steps.
     *
     * @return true once fired
     */
    public boolean isCalled() {
        return called;
    }

    /**
     * Tells whether this Deferred is paused, by {@link #pause()} or while waiting on a Deferred
     * returned by one of its steps.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        return paused > 0;
    }

    /**
     * Tells whether this Deferred is waiting on a Deferred returned by one of its steps.
     *
     * @return true while waiting on another Deferred
     */
    public boolean isWaiting() {
        return chainedTo != null;
    }

    @Override
    public String toString() {
        String state;
        if (chainedTo != null) {
            state = " waiting on Deferred@" + Integer.toHexString(System.identityHashCode(chainedTo));
        } else if (result == NO_RESULT) {
            state = "";
        } else {
            state = " current result: " + (result instanceof Failure f ? "[Failure: " + f.getErrorMessage() + "]" : result);
        }
        return "<Deferred@" + Integer.toHexString(System.identityHashCode(this)) + state + ">";
    }

    // ---------------------------------------------------------------- CompletionStage interop

    /**
     * Returns a future completed with this chain's result at this point, or completed
     * exceptionally with its failure's error ({@link CancelledError} becomes the future's own
     * cancellation). Like Twisted's {@code asFuture}, this consumes the result: the chain carries
     * {@code null} afterwards, and a failure counts as handled.
     *
     * <p>Cancelling the future cancels this Deferred, synchronously on the cancelling thread: do it
     * only from this Deferred's thread, or use {@link #toCompletableFuture(Executor)}.
     *
     * @return a new future
     */
    public CompletableFuture<T> toCompletableFuture() {
        return toCompletableFuture(Runnable::run);
    }

    /**
     * As {@link #toCompletableFuture()}, but a cancellation of the future is handed to this
     * Deferred's thread through {@code deferredThread} (for example the reactor's
     * {@code callFromThread}), so the future may be cancelled from any thread.
     *
     * @param deferredThread runs the cancellation on this Deferred's thread
     * @return a new future
     */
    public CompletableFuture<T> toCompletableFuture(Executor deferredThread) {
        return CompletionStages.toCompletableFuture(this, deferredThread);
    }

    /**
     * Returns a Deferred that fires when {@code stage} completes, with its value or its error
     * (a {@link CompletionException} or {@link ExecutionException} is unwrapped; a
     * {@link CancellationException} becomes a {@link CancelledError}). Cancelling the Deferred
     * cancels the stage's future.
     *
     * <p>The Deferred fires on the thread that completes the stage. When that may be another
     * thread than the Deferred's, use {@link #fromCompletionStage(CompletionStage, Executor)}.
     *
     * @param stage the stage to follow
     * @param <T> the type of the result
     * @return a new Deferred
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage) {
        return fromCompletionStage(stage, Runnable::run);
    }

    /**
     * As {@link #fromCompletionStage(CompletionStage)}, but the Deferred is fired through
     * {@code deferredThread} (for example the reactor's {@code callFromThread}), so the stage may
     * complete on any thread.
     *
     * @param stage the stage to follow
     * @param deferredThread runs the firing on the Deferred's thread
     * @param <T> the type of the result
     * @return a new Deferred
     */
    public static <T> Deferred<T> fromCompletionStage(CompletionStage<? extends T> stage, Executor deferredThread) {
        return CompletionStages.fromCompletionStage(stage, deferredThread);
    }

    // ---------------------------------------------------------------- debugging

    /**
     * Turns on or off recording, for each Deferred created afterwards, of where it was created
     * and first fired. The unhandled-failure report and {@link AlreadyCalledError} then show
     * those stacks, and for a failure that came through Deferreds returned by steps, theirs too:
     * an asynchronous stack trace. Costs a stack capture per Deferred: for debugging only.
     *
     * @param on whether to record
     */
    public static void setDebugging(boolean on) {
        debugging = on;
    }

    /**
     * Tells whether debugging is on (see {@link #setDebugging}).
     *
     * @return true if on
     */
    public static boolean isDebugging() {
        return debugging;
    }

    /** Test hook: the id under which this Deferred's unhandled failure would be reported, or 0. */
    long trackerId() {
        return tracker == null ? 0 : tracker.id;
    }

    // ---------------------------------------------------------------- the engine

    /**
     * A converter for {@link #addTimeout(Duration, ReactorTime, TimeoutConverter)}.
     *
     * @param <T> the type the chain carries
     */
    @FunctionalInterface
    public interface TimeoutConverter<T> {
        /**
         * Converts the chain's value after a timeout.
         *
         * @param value the result or {@link Failure} at that point
         * @param timeout the timeout that ran out
         * @return the new result
         * @throws Exception the new failure
         */
        T convert(Object value, Duration timeout) throws Exception;
    }

    /**
     * An action for {@link #addFinally}.
     */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /**
         * Runs the action.
         *
         * @throws Exception anything; it becomes the chain's failure
         */
        void run() throws Exception;
    }

    /** One entry of the chain: a callback/errback pair, or a hand-over to another Deferred. */
    private static final class Link {
        static final byte STEP = 0;
        /** Hand the result to {@code target}, which waits on the Deferred holding this link. */
        static final byte CONTINUE = 1;
        /** Fire {@code target} with the result ({@link Deferred#chainDeferred}). */
        static final byte CHAIN = 2;

        final byte kind;
        /** Null means "pass the result through". */
        final Callback<Object, Object> callback;
        final Errback<Object> errback;
        final Deferred<Object> target;
        Link next;

        @SuppressWarnings("unchecked")
        Link(Callback<?, ?> callback, Errback<?> errback) {
            this.kind = STEP;
            this.callback = (Callback<Object, Object>) callback;
            this.errback = (Errback<Object>) errback;
            this.target = null;
        }

        @SuppressWarnings("unchecked")
        Link(byte kind, Deferred<?> target) {
            this.kind = kind;
            this.callback = null;
            this.errback = null;
            this.target = (Deferred<Object>) target;
        }
    }

    @SuppressWarnings("unchecked")
    private <R> Deferred<R> addLink(Link link) {
        if (tail == null) {
            head = link;
        } else {
            tail.next = link;
        }
        tail = link;
        if (called) {
            runCallbacks();
        }
        return (Deferred<R>) this;
    }

    private void startRunCallbacks(Object firstResult) {
        if (called) {
            if (suppressAlreadyCalled) {
                suppressAlreadyCalled = false;
                return;
            }
            throw alreadyCalled();
        }
        if (tracker != null && tracker.creator != null) {
            tracker.invoker = new Throwable("Deferred first fired here");
        }
        called = true;
        result = firstResult;
        runCallbacks();
    }

    private AlreadyCalledError alreadyCalled() {
        StringBuilder message = new StringBuilder("Deferred has already been called");
        if (tracker != null && tracker.creator != null) {
            message.append('\n');
            tracker.appendDebug(message);
        } else {
            message.append(" (Deferred.setDebugging(true) shows where)");
        }
        return new AlreadyCalledError(message.toString());
    }

    /**
     * Runs the chain as far as it can go. Iterative, as Twisted's {@code _runCallbacks}: when a
     * result is handed to a waiting or chained Deferred, that Deferred is processed next in this
     * same loop and the one it came from is kept on {@code suspended}, so that chains of any
     * length use constant stack.
     */
    private void runCallbacks() {
        if (runningCallbacks || paused > 0) {
            if (!runningCallbacks) {
                noteResting();
            }
            return;
        }
        Deferred<?> current = this;
        ArrayDeque<Deferred<?>> suspended = null;
        while (true) {
            Deferred<?> next = current.runSteps();
            if (next != null) {
                if (suspended == null) {
                    suspended = new ArrayDeque<>();
                }
                suspended.push(current);
                current = next;
                continue;
            }
            current.noteResting();
            if (suspended == null || suspended.isEmpty()) {
                return;
            }
            current = suspended.pop();
        }
    }

    /**
     * Runs this Deferred's steps until none is left, it starts waiting on another Deferred, or it
     * hands its result to another one; returns that other one if it must be processed next.
     */
    private Deferred<?> runSteps() {
        chainedTo = null;
        Link link;
        while ((link = head) != null) {
            head = link.next;
            if (head == null) {
                tail = null;
            }
            if (link.kind != Link.STEP) {
                Deferred<Object> target = link.target;
                if (!handOver(link.kind, target)) {
                    continue;
                }
                if (target.paused > 0) {
                    // It stays paused (by its own pause()): it runs on its unpause. Twisted stops the
                    // whole loop here and strands this Deferred's later steps; we carry on with them.
                    target.noteResting();
                    continue;
                }
                return target;
            }
            Object current = result;
            boolean failed = current instanceof Failure;
            Object step = failed ? link.errback : link.callback;
            if (step == null) {
                continue;
            }
            Object next;
            runningCallbacks = true;
            try {
                next = failed ? link.errback.call((Failure) current) : link.callback.call(current);
                if (next == this) {
                    next = new Failure(new IllegalStateException(
                            "a callback returned the Deferred it was attached to; that would wait forever"));
                }
            } catch (Throwable t) {
                next = failed && ((Failure) current).value() == t ? current : new Failure(t);
            } finally {
                runningCallbacks = false;
            }
            if (next instanceof Deferred<?> inner) {
                Object innerResult = inner.result;
                if (innerResult == NO_RESULT || inner.chainedTo != null || inner.paused > 0) {
                    result = inner;
                    chainedTo = inner;
                    paused++;
                    if (tracker != null && tracker.creator != null && inner.tracker != null) {
                        tracker.source = inner.tracker;
                    }
                    inner.addLinkQuietly(new Link(Link.CONTINUE, this));
                    return null;
                }
                inner.result = null;
                inner.noteResting();
                next = innerResult;
            }
            result = next;
        }
        return null;
    }

    /**
     * Gives this Deferred's result to {@code target}; returns false if the target refused it (its
     * failure then replaces this Deferred's result) or swallowed it after a cancel.
     */
    private boolean handOver(byte kind, Deferred<Object> target) {
        Object value = result;
        result = null;
        if (kind == Link.CONTINUE) {
            target.result = value;
            target.paused--;
            return true;
        }
        if (target.called) {
            if (target.suppressAlreadyCalled) {
                target.suppressAlreadyCalled = false;
            } else {
                result = new Failure(target.alreadyCalled());
            }
            return false;
        }
        if (target.tracker != null && target.tracker.creator != null) {
            target.tracker.invoker = new Throwable("Deferred fired here by chainDeferred");
            if (tracker != null) {
                target.tracker.source = tracker;
            }
        }
        target.called = true;
        target.result = value;
        return true;
    }

    /** Appends a link without running anything: the Deferred is known not to be ready. */
    private void addLinkQuietly(Link link) {
        if (tail == null) {
            head = link;
        } else {
            tail.next = link;
        }
        tail = link;
    }

    /** Records whether this Deferred now holds a failure that nothing has handled. */
    private void noteResting() {
        if (result instanceof Failure failure) {
            if (tracker == null) {
                tracker = new FailureTracker();
            }
            tracker.rest(this, failure);
        } else if (tracker != null) {
            tracker.failResult = null;
        }
    }

}
