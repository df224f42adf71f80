package io.torsion.defer;

import java.util.Objects;

/**
 * The failure of a {@link DeferredList} with {@code fireOnOneErrback}, or of
 * {@link DeferredList#gatherResults}, when one of its input Deferreds failed (Twisted's
 * {@code defer.FirstError}). It carries that input's failure and its position in the input list.
 *
 * <pre>{@code
 * DeferredList.gatherResults(List.of(fetchA(), fetchB())).addErrback(f -> {
 *     f.trap(FirstError.class);
 *     FirstError first = (FirstError) f.value();
 *     log("input #" + first.index() + " failed: " + first.subFailure().getErrorMessage());
 *     return List.of();
 * });
 * }</pre>
 *
 * <p>The sub-failure's error is also this error's {@linkplain #getCause() cause}, so its stack shows
 * in a printed stack trace. Two FirstErrors are equal when they have the same index and the same
 * {@link Failure} instance, as in Twisted.
 *
 * <p>Threading: immutable.
 */
public class FirstError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not serialized: {@link Failure} is not serializable; the cause carries the error. */
    private final transient Failure subFailure;
    /** The failed input's position in the list, from 0. */
    private final int index;

    /**
     * Creates the error for the input at {@code index} that failed with {@code subFailure}.
     *
     * @param subFailure the input's failure
     * @param index the input's position in the list given to the DeferredList, from 0
     * @throws NullPointerException if {@code subFailure} is null
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public FirstError(Failure subFailure, int index) {
        super(describe(subFailure, index), subFailure.value());
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        this.subFailure = subFailure;
        this.index = index;
    }

    private static String describe(Failure subFailure, int index) {
        Objects.requireNonNull(subFailure, "subFailure");
        return "FirstError[#" + index + ", " + subFailure.getErrorMessage() + "]";
    }

    /**
     * Returns the failure of the input that failed first (Twisted's {@code subFailure}).
     *
     * @return the input's failure
     */
    public Failure subFailure() {
        return subFailure;
    }

    /**
     * Returns the position of the failed input in the list given to the DeferredList (Twisted's
     * {@code index}).
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }

    /**
     * Returns {@code FirstError[#<index>, <error class>: <message>]}, like Twisted's repr.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return getMessage();
    }

    /**
     * Tells whether {@code other} is a FirstError with the same index and the same sub-failure
     * instance (Twisted's comparison of FirstErrors).
     *
     * @param other the object to compare with
     * @return true if equal
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FirstError that && index == that.index && subFailure == that.subFailure;
    }

    /**
     * Returns a hash code consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(subFailure) + index;
    }
}
