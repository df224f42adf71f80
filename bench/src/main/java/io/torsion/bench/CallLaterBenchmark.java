package io.torsion.bench;

import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures scheduling and cancelling timed calls while {@code pending} (10⁶) other calls wait:
 * {@link SelectorReactor#callLater} and {@link DelayedCall#cancel} against
 * {@link ScheduledThreadPoolExecutor#schedule} and {@link ScheduledFuture#cancel} with
 * {@code setRemoveOnCancelPolicy(true)}, so that both queues really remove what is cancelled.
 *
 * <p>One operation is one schedule and one cancel, in two patterns:
 * <ul>
 *   <li>{@code replaceRandom}: cancel a pending call picked pseudo-randomly among the 10⁶ and
 *       schedule a new one in its place (the queue stays at 10⁶; removal from anywhere in it);</li>
 *   <li>{@code scheduleThenCancel}: schedule a call and cancel it at once, as a timeout that is
 *       cancelled when the answer comes (the 10⁶ others stay put).</li>
 * </ul>
 * Every delay is between one and two hours, drawn from the same pseudo-random sequence on both
 * sides, so nothing comes due during a run and a new call is almost never the first in either
 * queue (which would wake the executor's thread).
 *
 * <p>The reactor is driven on the benchmark thread without running: its owner thread may use it
 * before {@code run()}, and its timer queue is a plain heap that needs no lock because only the
 * reactor thread touches it. The executor's queue is locked on every call and has a worker thread
 * waiting on its first task: that is the price of being usable from any thread, and part of what
 * is compared. Results: {@code bench/README.md}.
 *
 * <p>Threading: JMH runs each benchmark method on one thread with its own state.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CallLaterBenchmark {
    private static final Runnable NOTHING = () -> { };
    private static final double HOUR = 3600;

    /** A xorshift sequence: the same delays and picks on both sides, cheap enough not to matter. */
    @State(Scope.Thread)
    public static class Sequence {
        private long x = 0x9E3779B97F4A7C15L;

        long next() {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            return x;
        }

        /** A delay in [1 h, 2 h), in seconds. */
        double delaySeconds() {
            return HOUR + (next() >>> 11) * 0x1.0p-53 * HOUR;
        }

        int index(int bound) {
            return (int) ((next() >>> 1) % bound);
        }
    }

    /** A reactor that never runs, holding {@code pending} calls. */
    @State(Scope.Thread)
    public static class Reactor {
        @Param("1000000")
        int pending;
        SelectorReactor reactor;
        DelayedCall[] calls;

        /**
         * Schedules the pending calls.
         *
         * @param seq the delays
         */
        @Setup(Level.Trial)
        public void fill(Sequence seq) {
            reactor = new SelectorReactor(ReactorOptions.defaults());
            calls = new DelayedCall[pending];
            for (int i = 0; i < pending; i++) {
                calls[i] = reactor.callLater(seq.delaySeconds(), NOTHING);
            }
        }

        /** Fails the run unless exactly {@code pending} calls are pending, then cancels them. */
        @TearDown(Level.Trial)
        public void check() {
            int live = reactor.getDelayedCalls().size();
            if (live != pending) {
                throw new IllegalStateException("expected " + pending + " pending calls, found " + live);
            }
            for (DelayedCall call : calls) {
                call.cancel();
            }
        }
    }

    /** A ScheduledThreadPoolExecutor holding {@code pending} tasks. */
    @State(Scope.Thread)
    public static class Executor {
        @Param("1000000")
        int pending;
        ScheduledThreadPoolExecutor executor;
        ScheduledFuture<?>[] futures;

        /**
         * Schedules the pending tasks.
         *
         * @param seq the delays
         */
        @Setup(Level.Trial)
        public void fill(Sequence seq) {
            executor = new ScheduledThreadPoolExecutor(1);
            executor.setRemoveOnCancelPolicy(true);
            futures = new ScheduledFuture<?>[pending];
            for (int i = 0; i < pending; i++) {
                futures[i] = executor.schedule(NOTHING, nanos(seq.delaySeconds()), TimeUnit.NANOSECONDS);
            }
        }

        /**
         * Fails the run unless exactly {@code pending} tasks are pending, then shuts the executor down.
         *
         * @throws InterruptedException if interrupted while waiting for it
         */
        @TearDown(Level.Trial)
        public void check() throws InterruptedException {
            int live = executor.getQueue().size();
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
            if (live != pending) {
                throw new IllegalStateException("expected " + pending + " pending tasks, found " + live);
            }
        }
    }

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    /**
     * @param r the reactor
     * @param seq the picks and delays
     * @return the new call
     */
    @Benchmark
    public DelayedCall reactorReplaceRandom(Reactor r, Sequence seq) {
        int i = seq.index(r.pending);
        r.calls[i].cancel();
        DelayedCall call = r.reactor.callLater(seq.delaySeconds(), NOTHING);
        r.calls[i] = call;
        return call;
    }

    /**
     * @param e the executor
     * @param seq the picks and delays
     * @return the new task
     */
    @Benchmark
    public ScheduledFuture<?> executorReplaceRandom(Executor e, Sequence seq) {
        int i = seq.index(e.pending);
        e.futures[i].cancel(false);
        ScheduledFuture<?> future = e.executor.schedule(NOTHING, nanos(seq.delaySeconds()), TimeUnit.NANOSECONDS);
        e.futures[i] = future;
        return future;
    }

    /**
     * @param r the reactor
     * @param seq the delays
     * @return the cancelled call
     */
    @Benchmark
    public DelayedCall reactorScheduleThenCancel(Reactor r, Sequence seq) {
        DelayedCall call = r.reactor.callLater(seq.delaySeconds(), NOTHING);
        call.cancel();
        return call;
    }

    /**
     * @param e the executor
     * @param seq the delays
     * @return the cancelled task
     */
    @Benchmark
    public ScheduledFuture<?> executorScheduleThenCancel(Executor e, Sequence seq) {
        ScheduledFuture<?> future = e.executor.schedule(NOTHING, nanos(seq.delaySeconds()), TimeUnit.NANOSECONDS);
        future.cancel(false);
        return future;
    }
}
