package io.torsion.defer;

/**
 * A step of a {@link Deferred}'s callback chain that receives a {@link Failure} (Twisted's errback
 * function).
 *
 * <p>Returning a value recovers: the chain goes on down the callback path with it. Throwing (for
 * example through {@link Failure#trap}) keeps the chain on the errback path. Returning a
 * {@link Deferred} makes the chain wait for it.
 *
 * <p>Threading: called on the thread that fires the Deferred, or on the thread that adds the step to
 * a Deferred that already has a result.
 *
 * @param <R> the type of the result returned when the errback recovers
 */
@FunctionalInterface
public interface Errback<R> {
    /**
     * Handles a failure.
     *
     * @param failure the chain's current failure
     * @return the value the chain continues with on its callback path
     * @throws Exception to keep the chain on its errback path
     */
    R call(Failure failure) throws Exception;
}
