package io.torsion.bench;

import io.torsion.defer.Callback;
import io.torsion.defer.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Measures a {@link Deferred} chain of {@value #STAGES} {@code addCallback} steps against the same
 * chain of {@link CompletableFuture#thenApply} stages, fired after the steps are added and before.
 *
 * <p>Every operation builds a fresh chain, fires it, and hands the final value to a Blackhole
 * through one extra terminal step ({@code addCallback} / {@code thenAccept}), because a Deferred
 * has no result getter: both sides pay for that step. Each of the {@value #STAGES} stages adds one
 * to an {@code Integer}; the values stay inside the {@code Integer} cache, so the allocation shown
 * by {@code -prof gc} is the chain machinery's own. Per-stage cost is the score divided by
 * {@value #STAGES}. Results and how to read them: {@code bench/README.md}.
 *
 * <p>Threading: JMH runs each benchmark method on one thread with its own state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class DeferredChainBenchmark {
    /** Number of x + 1 stages per chain; the README's per-stage figures divide by this. */
    static final int STAGES = 10;

    private static final Callback<Integer, Integer> DEFERRED_STAGE = x -> x + 1;
    private static final Function<Integer, Integer> FUTURE_STAGE = x -> x + 1;

    /** Read from a field so that the JIT cannot fold the chain into a constant. */
    private Integer start = 0;

    /** Where the terminal steps put the chain's value; read back into the Blackhole. */
    private Integer sunk;

    private final Callback<Integer, Void> deferredSink = x -> {
        sunk = x;
        return null;
    };
    private final Consumer<Integer> futureSink = x -> sunk = x;

    /** Fails the run if a chain did not deliver start + STAGES, i.e. measured something else. */
    @TearDown(Level.Iteration)
    public void checkResult() {
        if (sunk == null || sunk != start + STAGES) {
            throw new IllegalStateException("chain delivered " + sunk + ", expected " + (start + STAGES));
        }
        sunk = null;
    }

    /**
     * Adds the steps to an unfired Deferred, then fires it: the steps run inside callback().
     *
     * @param bh receives the chain's final value
     */
    @Benchmark
    public void deferredFiredAfter(Blackhole bh) {
        Deferred<Integer> first = new Deferred<>();
        Deferred<Integer> d = first;
        for (int i = 0; i < STAGES; i++) {
            d = d.addCallback(DEFERRED_STAGE);
        }
        d.addCallback(deferredSink);
        first.callback(start);
        bh.consume(sunk);
    }

    /**
     * Fires the Deferred first (succeed), then adds the steps: each runs as it is added.
     *
     * @param bh receives the chain's final value
     */
    @Benchmark
    public void deferredFiredBefore(Blackhole bh) {
        Deferred<Integer> d = Deferred.succeed(start);
        for (int i = 0; i < STAGES; i++) {
            d = d.addCallback(DEFERRED_STAGE);
        }
        d.addCallback(deferredSink);
        bh.consume(sunk);
    }

    /**
     * Adds the stages to an incomplete future, then completes it: the stages run inside complete().
     *
     * @param bh receives the chain's final value
     */
    @Benchmark
    public void futureCompletedAfter(Blackhole bh) {
        CompletableFuture<Integer> first = new CompletableFuture<>();
        CompletableFuture<Integer> f = first;
        for (int i = 0; i < STAGES; i++) {
            f = f.thenApply(FUTURE_STAGE);
        }
        f.thenAccept(futureSink);
        first.complete(start);
        bh.consume(sunk);
    }

    /**
     * Starts from a completed future (completedFuture), then adds the stages: each runs as it is added.
     *
     * @param bh receives the chain's final value
     */
    @Benchmark
    public void futureCompletedBefore(Blackhole bh) {
        CompletableFuture<Integer> f = CompletableFuture.completedFuture(start);
        for (int i = 0; i < STAGES; i++) {
            f = f.thenApply(FUTURE_STAGE);
        }
        f.thenAccept(futureSink);
        bh.consume(sunk);
    }
}
