package io.torsion.defer;

/**
 * A step of a {@link Deferred}'s callback chain that receives a successful result and returns the
 * next one (Twisted's callback function).
 *
 * <p>Whatever the step throws, checked or not, becomes a {@link Failure} that travels down the
 * errback path; returning a {@link Deferred} makes the chain wait for it.
 *
 * <p>Threading: called on the thread that fires the Deferred, or on the thread that adds the step to
 * a Deferred that already has a result.
 *
 * @param <T> the type of the result received
 * @param <R> the type of the result returned
 */
@FunctionalInterface
public interface Callback<T, R> {
    /**
     * Handles a result.
     *
     * @param result the current result of the chain
     * @return the next result of the chain
     * @throws Exception anything; it becomes the chain's {@link Failure}
     */
    R call(T result) throws Exception;
}
