package io.torsion.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Waits for several Deferreds and fires one Deferred with all their outcomes (Twisted's
 * {@code defer.DeferredList} and {@code defer.gatherResults}).
 *
 * <p>Three entry points, by what the caller wants back:
 * <ul>
 *   <li>{@link #of} fires with one {@link Outcome} per input, in input order, once every input
 *       has a result: Twisted's {@code DeferredList(ds)}, whose result is a list of
 *       {@code (success, result-or-Failure)} pairs.</li>
 *   <li>{@link #fireOnOneCallback} fires as soon as one input succeeds, with that result and the
 *       input's index: Twisted's {@code DeferredList(ds, fireOnOneCallback=True)}.</li>
 *   <li>{@link #gatherResults} fires with the plain results, or fails with {@link FirstError} at
 *       the first failure: Twisted's {@code gatherResults}.</li>
 * </ul>
 * The {@link Options} carry Twisted's two other keywords, {@code fireOnOneErrback} and
 * {@code consumeErrors}.
 *
 * <p>How it works, as in Twisted: it adds one step to each input with {@code addBoth}. So steps
 * added to an input <em>before</em> the list change what the list sees, and steps added
 * <em>after</em> see what the list passes on: the input's own result, or {@code null} in place of
 * a failure with {@code consumeErrors}. Without {@code consumeErrors} an input's failure stays in
 * the input, and is reported as unhandled if nothing else handles it there.
 *
 * <p>Cancelling the returned Deferred before it fires cancels every input whose result the list
 * has not seen yet (Twisted's {@code DeferredList.cancel}). The inputs' {@link CancelledError}
 * failures then fire the list as any failure would. Unlike Twisted, which logs an exception thrown
 * by an input's canceller, {@code cancel()} first cancels every other input and then throws it (the
 * further ones attached as {@linkplain Throwable#getSuppressed() suppressed}), as
 * {@link Deferred#cancel()} does; and if cancelling the inputs does not fire the list (an input is
 * {@linkplain Deferred#pause() paused}), the list fails with {@code CancelledError} itself and
 * ignores that input's later result.
 *
 * <p>Threading: not thread-safe; use from the Deferred's thread (that of the inputs).
 */
public final class DeferredList {
    private DeferredList() {
    }

    // ---------------------------------------------------------------- entry points

    /**
     * Returns a Deferred that fires with one {@link Outcome} per input, in input order, once every
     * input has a result (Twisted's {@code DeferredList(ds)}). An empty list fires at once with an
     * empty list.
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param <T> the inputs' result type
     * @return a Deferred of an unmodifiable list of outcomes; it fails only if cancelled while an
     *     input is paused ({@link CancelledError})
     * @throws NullPointerException if {@code inputs} or one of its elements is null
     */
    public static <T> Deferred<List<Outcome<T>>> of(List<? extends Deferred<? extends T>> inputs) {
        return of(inputs, Options.defaults());
    }

    /**
     * Returns a Deferred that fires with one {@link Outcome} per input, in input order, once every
     * input has a result; with {@link Options#withFireOnOneErrback fireOnOneErrback}, it fails with
     * {@link FirstError} as soon as one input fails (Twisted's
     * {@code DeferredList(ds, fireOnOneErrback=..., consumeErrors=...)}). An empty list fires at
     * once with an empty list.
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param options the fireOnOneErrback and consumeErrors settings
     * @param <T> the inputs' result type
     * @return a Deferred of an unmodifiable list of outcomes; fails with {@link FirstError} (with
     *     fireOnOneErrback), or {@link CancelledError} if cancelled while an input is paused
     * @throws NullPointerException if an argument or an element of {@code inputs} is null
     */
    public static <T> Deferred<List<Outcome<T>>> of(List<? extends Deferred<? extends T>> inputs, Options options) {
        return new Collector<T>(inputs, false, options).start();
    }

    /**
     * Returns a Deferred that fires as soon as one input succeeds, with its result and index
     * (Twisted's {@code DeferredList(ds, fireOnOneCallback=True)}). If every input fails, it fires
     * with {@link AllFailed} once the last one has.
     *
     * <p>As in Twisted, with an empty list the Deferred never fires on its own: check for an empty
     * list first.
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param <T> the inputs' result type
     * @return a Deferred of {@link FirstSuccess} or {@link AllFailed}; fails with
     *     {@link CancelledError} only if cancelled while an input is paused or the list is empty
     * @throws NullPointerException if {@code inputs} or one of its elements is null
     */
    public static <T> Deferred<FirstResult<T>> fireOnOneCallback(List<? extends Deferred<? extends T>> inputs) {
        return fireOnOneCallback(inputs, Options.defaults());
    }

    /**
     * As {@link #fireOnOneCallback(List)}, with options: with
     * {@link Options#withFireOnOneErrback fireOnOneErrback}, the first input to finish decides,
     * a success firing {@link FirstSuccess} and a failure failing with {@link FirstError}.
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param options the fireOnOneErrback and consumeErrors settings
     * @param <T> the inputs' result type
     * @return a Deferred of {@link FirstSuccess} or {@link AllFailed}; fails with
     *     {@link FirstError} (with fireOnOneErrback), or {@link CancelledError} if cancelled while an
     *     input is paused or the list is empty
     * @throws NullPointerException if an argument or an element of {@code inputs} is null
     */
    public static <T> Deferred<FirstResult<T>> fireOnOneCallback(List<? extends Deferred<? extends T>> inputs,
            Options options) {
        return new Collector<T>(inputs, true, options).start();
    }

    /**
     * Returns a Deferred that fires with the inputs' results, in input order, once all have
     * succeeded, or fails as soon as one fails (Twisted's {@code gatherResults}). An empty list fires
     * at once with an empty list. Failures stay in the inputs: see
     * {@link #gatherResults(List, boolean)}.
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param <T> the inputs' result type
     * @return a Deferred of an unmodifiable list of results (which may contain null); fails with
     *     {@link FirstError} wrapping the first input failure
     * @throws NullPointerException if {@code inputs} or one of its elements is null
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> inputs) {
        return gatherResults(inputs, false);
    }

    /**
     * Returns a Deferred that fires with the inputs' results, in input order, once all have
     * succeeded, or fails as soon as one fails (Twisted's {@code gatherResults}). Cancelling it
     * cancels the inputs that have no result yet.
     *
     * @param inputs the Deferreds to wait for; the list is copied
     * @param consumeErrors true to turn each input's failure into a {@code null} result on that
     *     input, so that it is not reported as unhandled there; false to leave it in the input
     * @param <T> the inputs' result type
     * @return a Deferred of an unmodifiable list of results (which may contain null); fails with
     *     {@link FirstError} wrapping the first input failure
     * @throws NullPointerException if {@code inputs} or one of its elements is null
     */
    public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> inputs,
            boolean consumeErrors) {
        Options options = Options.defaults().withFireOnOneErrback(true).withConsumeErrors(consumeErrors);
        return of(inputs, options).addCallback(outcomes -> {
            List<T> results = new ArrayList<>(outcomes.size());
            for (Outcome<T> outcome : outcomes) {
                // With fireOnOneErrback the list fires on its callback path only if all succeeded.
                results.add(outcome.result());
            }
            return Collections.unmodifiableList(results);
        });
    }

    // ---------------------------------------------------------------- results

    /**
     * What one input of a DeferredList ended with: a {@link Succeeded} result or a {@link Failed}
     * failure (Twisted's {@code (success, result)} pair, with {@code defer.SUCCESS} /
     * {@code defer.FAILURE} as the flag).
     *
     * <pre>{@code
     * for (Outcome<String> o : outcomes) {
     *     if (o instanceof Succeeded<String> s) use(s.result());
     *     else log(o.failure());
     * }
     * }</pre>
     *
     * <p>Threading: immutable (the result object itself is the caller's).
     *
     * @param <T> the type of the input's result
     */
    public sealed interface Outcome<T> {
        /**
         * Tells whether the input succeeded (Twisted's first tuple element).
         *
         * @return true for {@link Succeeded}, false for {@link Failed}
         */
        boolean succeeded();

        /**
         * Returns the input's result.
         *
         * @return the result, possibly null
         * @throws IllegalStateException if the input failed; its error is the cause
         */
        T result();

        /**
         * Returns the input's failure.
         *
         * @return the failure
         * @throws IllegalStateException if the input succeeded
         */
        Failure failure();
    }

    /**
     * The outcome of an input that succeeded.
     *
     * <p>Threading: immutable (the result object itself is the caller's).
     *
     * @param result the input's result, possibly null
     * @param <T> the type of the result
     */
    public record Succeeded<T>(T result) implements Outcome<T> {
        /**
         * Returns true: the input succeeded.
         *
         * @return true
         */
        @Override
        public boolean succeeded() {
            return true;
        }

        /**
         * Throws: a successful input has no failure.
         *
         * @return never returns
         * @throws IllegalStateException always
         */
        @Override
        public Failure failure() {
            throw new IllegalStateException("the input succeeded; it has no failure");
        }
    }

    /**
     * The outcome of an input that failed.
     *
     * <p>Threading: immutable.
     *
     * @param failure the input's failure
     * @param <T> the type the input's result would have had
     */
    public record Failed<T>(Failure failure) implements Outcome<T> {
        /**
         * Creates the outcome.
         *
         * @param failure the input's failure
         * @throws NullPointerException if {@code failure} is null
         */
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        /**
         * Returns false: the input failed.
         *
         * @return false
         */
        @Override
        public boolean succeeded() {
            return false;
        }

        /**
         * Throws: a failed input has no result.
         *
         * @return never returns
         * @throws IllegalStateException always, with the failure's error as the cause
         */
        @Override
        public T result() {
            throw new IllegalStateException("the input failed (" + failure.getErrorMessage() + "); it has no result",
                    failure.value());
        }
    }

    /**
     * What a {@link #fireOnOneCallback} list fires with: the {@link FirstSuccess}, or
     * {@link AllFailed} when no input succeeded. (Twisted fires with a {@code (result, index)}
     * tuple, or with the list of {@code (False, failure)} pairs in the second case.)
     *
     * <p>Threading: immutable (the result object itself is the caller's).
     *
     * @param <T> the type of the inputs' results
     */
    public sealed interface FirstResult<T> {
        /**
         * Tells whether an input succeeded.
         *
         * @return true for {@link FirstSuccess}, false for {@link AllFailed}
         */
        boolean succeeded();
    }

    /**
     * The first successful result of a {@link #fireOnOneCallback} list, and which input it came
     * from (Twisted's {@code (result, index)} tuple).
     *
     * <p>Threading: immutable (the result object itself is the caller's).
     *
     * @param result the input's result, possibly null
     * @param index the input's position in the list, from 0
     * @param <T> the type of the result
     */
    public record FirstSuccess<T>(T result, int index) implements FirstResult<T> {
        /**
         * Returns true: an input succeeded.
         *
         * @return true
         */
        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /**
     * What a {@link #fireOnOneCallback} list fires with when every input failed: their failures, in
     * input order.
     *
     * <p>Threading: immutable.
     *
     * @param failures the inputs' failures, in input order; copied
     * @param <T> the type the inputs' results would have had
     */
    public record AllFailed<T>(List<Failure> failures) implements FirstResult<T> {
        /**
         * Creates the result.
         *
         * @param failures the inputs' failures, in input order; copied
         * @throws NullPointerException if the list or one of its elements is null
         */
        public AllFailed {
            failures = List.copyOf(failures);
        }

        /**
         * Returns false: no input succeeded.
         *
         * @return false
         */
        @Override
        public boolean succeeded() {
            return false;
        }
    }

    // ---------------------------------------------------------------- options

    /**
     * The settings of a DeferredList, named after Twisted's keyword arguments: an immutable value
     * built from {@link #defaults()} with the {@code with} methods.
     *
     * <pre>{@code
     * DeferredList.of(ds, Options.defaults().withFireOnOneErrback(true).withConsumeErrors(true));
     * }</pre>
     *
     * <p>Threading: immutable.
     */
    public static final class Options {
        private static final Options DEFAULTS = new Options(false, false);

        private final boolean fireOnOneErrback;
        private final boolean consumeErrors;

        private Options(boolean fireOnOneErrback, boolean consumeErrors) {
            this.fireOnOneErrback = fireOnOneErrback;
            this.consumeErrors = consumeErrors;
        }

        /**
         * Returns the options with every setting off, as Twisted's defaults: wait for every input,
         * and leave failures in the inputs.
         *
         * @return the default options
         */
        public static Options defaults() {
            return DEFAULTS;
        }

        /**
         * Returns these options with {@code fireOnOneErrback} set: when on, the list fails with
         * {@link FirstError} as soon as one input fails, without waiting for the others.
         *
         * @param on whether to fail on the first failure
         * @return new options
         */
        public Options withFireOnOneErrback(boolean on) {
            return new Options(on, consumeErrors);
        }

        /**
         * Returns these options with {@code consumeErrors} set: when on, each input's failure is
         * replaced, on that input, by a {@code null} result once the list has recorded it, so that
         * it is not reported as unhandled there. It does not stop fireOnOneErrback from working.
         *
         * @param on whether to consume the inputs' failures
         * @return new options
         */
        public Options withConsumeErrors(boolean on) {
            return new Options(fireOnOneErrback, on);
        }

        /**
         * Tells whether the list fails as soon as one input fails.
         *
         * @return the fireOnOneErrback setting
         */
        public boolean fireOnOneErrback() {
            return fireOnOneErrback;
        }

        /**
         * Tells whether the inputs' failures are consumed.
         *
         * @return the consumeErrors setting
         */
        public boolean consumeErrors() {
            return consumeErrors;
        }

        /**
         * Tells whether {@code other} is options with the same settings.
         *
         * @param other the object to compare with
         * @return true if equal
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Options that
                    && fireOnOneErrback == that.fireOnOneErrback && consumeErrors == that.consumeErrors;
        }

        /**
         * Returns a hash code consistent with {@link #equals}.
         *
         * @return the hash code
         */
        @Override
        public int hashCode() {
            return (fireOnOneErrback ? 2 : 0) + (consumeErrors ? 1 : 0);
        }

        /**
         * Returns the settings, as a record would show them.
         *
         * @return {@code Options[fireOnOneErrback=..., consumeErrors=...]}
         */
        @Override
        public String toString() {
            return "Options[fireOnOneErrback=" + fireOnOneErrback + ", consumeErrors=" + consumeErrors + "]";
        }
    }

    // ---------------------------------------------------------------- the engine

    /**
     * The state of one list: Twisted's {@code DeferredList} instance, minus the Deferred it is.
     * Invariant: {@code outcomes[i]} is null exactly while input i has not reached the list's step.
     */
    private static final class Collector<T> {
        private final List<Deferred<? extends T>> inputs;
        private final Outcome<?>[] outcomes;
        private final boolean fireOnOneCallback;
        private final boolean fireOnOneErrback;
        private final boolean consumeErrors;
        private final Deferred<Object> result;
        private int finished;

        Collector(List<? extends Deferred<? extends T>> inputs, boolean fireOnOneCallback, Options options) {
            this.inputs = List.copyOf(inputs);
            this.outcomes = new Outcome<?>[this.inputs.size()];
            this.fireOnOneCallback = fireOnOneCallback;
            this.fireOnOneErrback = options.fireOnOneErrback();
            this.consumeErrors = options.consumeErrors();
            this.result = new Deferred<>(ignored -> cancelInputs());
        }

        /** Attaches to the inputs, which may fire the list at once; returns the list's Deferred. */
        @SuppressWarnings("unchecked")
        <R> Deferred<R> start() {
            if (inputs.isEmpty() && !fireOnOneCallback) {
                result.callback(List.of());
            }
            for (int i = 0; i < inputs.size(); i++) {
                int index = i;
                inputs.get(i).addBoth(r -> record(index, r));
            }
            return (Deferred<R>) result;
        }

        /** Twisted's {@code _cbDeferred}: the step added to input {@code index}. */
        private Object record(int index, Object value) {
            boolean failed = value instanceof Failure;
            @SuppressWarnings("unchecked")
            T success = failed ? null : (T) value;
            outcomes[index] = failed ? new Failed<T>((Failure) value) : new Succeeded<>(success);
            finished++;
            if (!result.isCalled()) {
                if (!failed && fireOnOneCallback) {
                    result.callback(new FirstSuccess<>(success, index));
                } else if (failed && fireOnOneErrback) {
                    result.errback(new FirstError((Failure) value, index));
                } else if (finished == outcomes.length) {
                    result.callback(fireOnOneCallback ? allFailed() : allOutcomes());
                }
            }
            return failed && consumeErrors ? null : value;
        }

        private List<Outcome<?>> allOutcomes() {
            return Collections.unmodifiableList(Arrays.asList(outcomes.clone()));
        }

        /** Reached only when no input succeeded, or the list would have fired on that success. */
        private AllFailed<T> allFailed() {
            List<Failure> failures = new ArrayList<>(outcomes.length);
            for (Outcome<?> outcome : outcomes) {
                failures.add(outcome.failure());
            }
            return new AllFailed<>(failures);
        }

        /**
         * Cancels every input not yet recorded, even after one of them fired the list, as Twisted
         * does; then throws the first canceller exception, so that none is lost and no input is
         * skipped because of another's canceller.
         */
        private void cancelInputs() {
            RuntimeException first = null;
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] != null) {
                    continue;
                }
                try {
                    inputs.get(i).cancel();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
