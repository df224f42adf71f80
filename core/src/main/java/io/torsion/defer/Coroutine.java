package io.torsion.defer;

/**
 * Runs straight-line code that awaits Deferreds, and gives you its outcome as a Deferred
 * (Twisted's {@code inlineCallbacks}, and {@code Deferred.fromCoroutine} / {@code ensureDeferred}
 * for {@code async def} coroutines). Where a callback chain splits a task at every Deferred, a
 * coroutine body reads top to bottom, with ordinary loops and try/catch:
 * <pre>{@code
 * Deferred<Integer> length = Coroutine.start(co -> {
 *     byte[] page = co.await(getPage(url));        // suspends until the page is there
 *     try {
 *         co.await(cache.store(url, page));
 *     } catch (IOException e) {                     // a failure is thrown at the await
 *         log(e);
 *     }
 *     return page.length;                           // fires length with 5120, say
 * });
 * }</pre>
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #start} runs the body at once, on the body's own thread, while the caller waits.</li>
 *   <li>{@link Await#await} of a Deferred that already has its result returns that result (or
 *       throws its failure) at once, without a thread switch.</li>
 *   <li>{@code await} of a Deferred without a result suspends the body; {@code start} (or the
 *       step that resumed the body) returns. The body's Deferred has no result yet.</li>
 *   <li>When the awaited Deferred fires, the body resumes, on its thread, while the firing thread
 *       waits, until the body awaits again (step 2 or 3) or ends.</li>
 *   <li>When the body returns, its Deferred fires with the value; when it throws, with the
 *       failure. The body's thread ends.</li>
 * </ol>
 *
 * <p>Awaiting takes the result, as Twisted's {@code yield} does: the awaited Deferred carries
 * {@code null} afterwards, and a failure thrown at an await counts as handled there.
 *
 * <p>Cancelling the coroutine's Deferred cancels the Deferred the body is awaiting; whatever that
 * one then fails with (normally {@link CancelledError}) is thrown at the await. A body that lets
 * it propagate fails the coroutine's Deferred with it. A body that catches it and carries on leaves
 * the coroutine's Deferred <em>called</em> ({@link Deferred#isCalled()}) but without a result until
 * the body ends; cancelling it again cancels what the body awaits then. If the cancelled Deferred
 * does not fire at once (its chain waits on another Deferred), the body stays suspended until it
 * does.
 *
 * <p>Threads: bodies run on virtual threads when the JDK has them (21 and later), otherwise on
 * daemon platform threads; {@link #usesVirtualThreads()} tells which. A thread waiting for its
 * turn spins briefly (the driving thread up to 50 µs, the body 5 µs) before it parks, so an await
 * round trip costs about 0.2 µs when both threads have a CPU, and 30 to 55 µs when they must be
 * unparked (a busy machine, or a Deferred fired long after the await); starting a coroutine costs
 * a thread start. No figure is guaranteed. A body that ends, however it
 * ends, ends its thread. A body suspended on a Deferred that never fires stays suspended for good,
 * and its thread with it: a platform thread keeps its native stack; a virtual thread keeps its
 * stack on the heap, and the JDK keeps it reachable unless run with
 * {@code -Djdk.trackAllThreads=false} (then it is collected with whatever only it references, and
 * its {@code finally} blocks never run). Cancel the coroutine's Deferred to end such a body: the
 * await throws and the body unwinds.
 *
 * <p>BAD: block inside a body ({@code Thread.sleep}, {@code Future.get}, blocking I/O): the
 * driving thread, normally the reactor, is blocked with it. GOOD: await a Deferred for the thing
 * ({@code deferLater}, {@code deferToThread}). BAD: keep the {@link Await} handle and await
 * through it from a callback or another thread: that throws {@link IllegalStateException}.
 *
 * <p>Where Torsion differs from Twisted: any method the body calls may await on the body's thread
 * (in Twisted only the generator's own frame can {@code yield}); {@code await} takes only a
 * Deferred (Twisted hands a yielded plain value straight back); a body that returns a Deferred
 * fails with {@link IllegalArgumentException} (await it instead); a cancel that arrives while the
 * body runs (it cancelled its own Deferred) takes effect at the body's next await of a Deferred
 * without a result, which is cancelled at once (Twisted fails an assertion); the Throwable thrown
 * at an await is the very one the Deferred failed with, with its original stack trace.
 *
 * <p>Threading: call {@link #start} on the thread that owns the Deferreds the body awaits (normally
 * the reactor's). The body runs on its own thread, but never at the same time as the thread
 * driving it: {@code start} blocks its caller until the body first awaits a Deferred without a
 * result, or ends; the step that {@code await} adds to such a Deferred blocks the thread that fires
 * it until the body awaits again or ends. That thread is then the driving thread: the coroutine's
 * Deferred is fired on it, and {@link #drivingThread()} inside the body names it. Every hand-off
 * is a happens-before edge, so the body may use whatever its driving thread owns, exactly as a
 * callback would.
 */
public final class Coroutine {
    private Coroutine() {
    }

    /**
     * Runs {@code body} as a coroutine and returns its Deferred (Twisted's {@code inlineCallbacks}
     * call, or {@code Deferred.fromCoroutine}). The body runs at once, until it first awaits a
     * Deferred without a result, or ends; if it ends, the returned Deferred already has its
     * outcome.
     *
     * @param body the coroutine's code
     * @param <T> the type of its result
     * @return a Deferred that fires with what the body returns, or fails with what it throws
     *     ({@link CancelledError} after a cancel it did not catch; {@link IllegalArgumentException}
     *     if it returned a Deferred; {@link OutOfMemoryError} if no thread could be created for it)
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> Deferred<T> start(CoroutineBody<T> body) {
        return CoroutineRun.start(body, BodyThreads.defaultKind(), Handoff.Spin.DEFAULT);
    }

    /**
     * Tells whether coroutine bodies run on virtual threads, which this JDK has from version 21;
     * otherwise they run on daemon platform threads.
     *
     * @return true on a JDK with virtual threads
     */
    public static boolean usesVirtualThreads() {
        return BodyThreads.virtualAvailable();
    }

    /**
     * Returns the thread the calling code runs for: the calling thread itself, or, when called
     * from a coroutine body, the thread blocked while that body runs (through nested coroutines,
     * to the first thread that is not a body: normally the reactor's). A check that code runs on
     * the reactor thread compares this with it, so that it holds inside a body as well.
     *
     * @return the current thread, or the thread the current body runs for
     */
    public static Thread drivingThread() {
        return CoroutineRun.drivingThread();
    }

    /**
     * The handle a coroutine body awaits Deferreds with (what Twisted's {@code yield} or
     * {@code await} does inside {@code inlineCallbacks}). The body receives it from
     * {@link Coroutine#start}; it is valid only on the body's thread, while the body runs.
     *
     * <p>Threading: the body's thread only.
     */
    public static final class Await {
        private final CoroutineRun<?> run;

        Await(CoroutineRun<?> run) {
            this.run = run;
        }

        /**
         * Returns {@code d}'s result, suspending the body until {@code d} has one. If {@code d}
         * already has it, returns at once without a thread switch; otherwise the thread driving
         * the body goes on, and the body resumes when {@code d} fires, on the firing thread's
         * behalf. Takes the result: {@code d} carries {@code null} afterwards.
         *
         * @param d the Deferred to wait for
         * @param <V> the type of its result
         * @return its result
         * @throws Exception the error {@code d} failed with, the very same Throwable (an
         *     {@link Error} as itself; a Throwable that is neither wrapped in an
         *     {@link java.lang.reflect.UndeclaredThrowableException}); {@link CancelledError} or
         *     what else {@code d}'s canceller chose, when the coroutine was cancelled meanwhile
         * @throws IllegalStateException if called outside this coroutine's body (another thread,
         *     after the body ended) or with the coroutine's own Deferred, which would never fire
         * @throws NullPointerException if {@code d} is null
         */
        public <V> V await(Deferred<V> d) throws Exception {
            return run.await(d);
        }

        /** Test hook: how many times this body has suspended so far. */
        int suspensions() {
            return run.suspensions();
        }
    }
}
