package io.torsion.testing;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import java.util.Arrays;

/**
 * Assertions about a {@link Deferred}'s result, in the style of Twisted trial's
 * {@code SynchronousTestCase.successResultOf}, {@code failureResultOf} and {@code assertNoResult}.
 * Usable from JUnit 5 or any framework: a failed assertion throws {@link AssertionError} with a
 * message that says what the Deferred held instead.
 *
 * <pre>{@code
 * import static io.torsion.testing.DeferredAssertions.*;
 *
 * Deferred<String> d = Deferred.succeed("x");
 * assertEquals("x", successResultOf(d));
 * }</pre>
 *
 * <p>Like trial's, {@code successResultOf} and {@code failureResultOf} consume the result: the
 * Deferred carries {@code null} afterwards, and a failure it held counts as handled.
 *
 * <p>Threading: call from the Deferred's thread.
 */
public final class DeferredAssertions {
    private DeferredAssertions() {
    }

    /**
     * Returns the result that {@code d} already has.
     *
     * @param d the Deferred
     * @param <T> the result's type
     * @return its result
     * @throws AssertionError if it has no result yet, or a failure (whose stack is attached as the
     *     cause)
     */
    public static <T> T successResultOf(Deferred<T> d) {
        Object outcome = take(d);
        if (outcome == NOTHING) {
            throw new AssertionError("Success result expected on " + d + ", found no result instead");
        }
        if (outcome instanceof Failure failure) {
            throw new AssertionError("Success result expected on " + d + ", found failure result instead: "
                    + failure.getErrorMessage(), failure.value());
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome;
        return result;
    }

    /**
     * Returns the failure that {@code d} already has, checking its type.
     *
     * @param d the Deferred
     * @param expectedTypes the acceptable error types; none means any
     * @return the failure
     * @throws AssertionError if it has no result yet, a success, or a failure of another type
     */
    @SafeVarargs
    public static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable>... expectedTypes) {
        Object outcome = take(d);
        if (outcome == NOTHING) {
            throw new AssertionError("Failure result expected on " + d + ", found no result instead");
        }
        if (!(outcome instanceof Failure failure)) {
            throw new AssertionError("Failure result expected on " + d + ", found success result ("
                    + outcome + ") instead");
        }
        if (expectedTypes.length > 0 && !failure.check(expectedTypes)) {
            throw new AssertionError("Failure of type " + Arrays.toString(expectedTypes) + " expected on " + d
                    + ", found type " + failure.type().getName() + " instead: " + failure.getErrorMessage(),
                    failure.value());
        }
        return failure;
    }

    /**
     * Asserts that {@code d} has no result yet. It does not consume anything, and a result or
     * failure that arrives later passes through untouched.
     *
     * @param d the Deferred
     * @throws AssertionError if it has a result or a failure (the failure is then consumed, as in
     *     trial, so that it is not also reported as unhandled)
     */
    public static void assertNoResult(Deferred<?> d) {
        Object[] seen = {NOTHING};
        boolean[] asserting = {true};
        // The step stays in the chain: a result or failure arriving later must pass unchanged.
        d.addBoth(r -> {
            if (asserting[0]) {
                seen[0] = r;
            }
            return r;
        });
        asserting[0] = false;
        if (seen[0] != NOTHING) {
            if (seen[0] instanceof Failure) {
                d.addBoth(r -> null);
            }
            String what = seen[0] instanceof Failure f ? "failure result " + f.getErrorMessage() : "success result " + seen[0];
            AssertionError error = new AssertionError("No result expected on " + d + ", found " + what + " instead");
            if (seen[0] instanceof Failure f) {
                error.initCause(f.value());
            }
            throw error;
        }
    }

    private static final Object NOTHING = new Object();

    private static Object take(Deferred<?> d) {
        Object[] seen = {NOTHING};
        d.addBoth(r -> {
            seen[0] = r;
            return null;
        });
        return seen[0];
    }
}
