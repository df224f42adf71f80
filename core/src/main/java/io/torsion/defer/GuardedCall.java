package io.torsion.defer;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The acquire-call-release sequence shared by {@link DeferredLock#run} and
 * {@link DeferredSemaphore#run} (Twisted's {@code _ConcurrencyPrimitive.run}), by composition
 * rather than a common base class.
 *
 * <p>Threading: not thread-safe; use from the Deferreds' thread.
 */
final class GuardedCall {
    private GuardedCall() {
    }

    /**
     * Once {@code acquired} fires, calls {@code f} as {@link Deferred#maybeDeferred} does, and runs
     * {@code release} when its outcome is known, on success and failure alike.
     *
     * @param f the function, checked for null before {@code acquire} is called
     * @param acquire takes the lock or token; called once
     * @param release gives it back
     * @param <R> the type of {@code f}'s result
     * @return the acquire Deferred, carrying {@code f}'s result or failure once released
     */
    static <R> Deferred<R> run(Callable<?> f, Supplier<Deferred<?>> acquire,
            Deferred.ThrowingRunnable release) {
        Objects.requireNonNull(f, "f");
        Deferred<?> acquired = acquire.get();
        return acquired.addCallbackDeferred(ignored -> Deferred.<R>maybeDeferred(f).addFinally(release));
    }
}
