package io.torsion.defer;

/**
 * The straight-line code of a coroutine: it awaits Deferreds through the handle it receives and
 * returns the coroutine's result (the body of a Twisted {@code inlineCallbacks} generator or of a
 * coroutine given to {@code Deferred.fromCoroutine}). Run it with {@link Coroutine#start}.
 *
 * <p>Threading: called once, on the coroutine's own body thread, never at the same time as the
 * thread that drives it (see {@link Coroutine}).
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface CoroutineBody<T> {
    /**
     * Runs the coroutine's code to its end.
     *
     * @param co the handle to await Deferreds with; valid only inside this call, on this thread
     * @return the coroutine's result; must not be a Deferred (await it and return its result)
     * @throws Exception anything; it becomes the failure of the coroutine's Deferred
     */
    T run(Coroutine.Await co) throws Exception;
}
