package io.torsion.bench;

import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures how many calls per second other threads can hand to a running reactor with
 * {@link SelectorReactor#callFromThread}, from 1 and from 4 producer threads, against the same
 * hand-over to a single-thread {@link ExecutorService} ({@link Executors#newSingleThreadExecutor}).
 *
 * <p>One operation is one call handed over. Each producer keeps at most {@value #WINDOW} of its
 * calls waiting: when it is that far ahead of the consumer it yields until the consumer catches up,
 * so the score is the sustained rate at which calls are both handed over and run, not the rate at
 * which a queue can grow until memory runs out. Every call is the producer's own counter increment,
 * run on the consumer thread; a teardown check fails the run if a call was lost.
 *
 * <p>Both consumers sleep when idle and must be woken: the reactor in its selector (a
 * {@code Selector.wakeup()}, only when it may be sleeping), the executor on its queue's lock
 * condition. With 4 producers and 1 consumer on a 2-core machine, the threads also compete for the
 * cores. Results: {@code bench/README.md}.
 *
 * <p>Threading: JMH's producer threads call {@code callFromThread} / {@code execute}; the reactor's
 * or executor's thread runs the calls.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallFromThreadBenchmark {
    /** How many of its calls a producer may have waiting. */
    static final int WINDOW = 4096;

    /** A reactor running on its own thread. */
    @State(Scope.Benchmark)
    public static class Reactor {
        SelectorReactor reactor;
        Thread thread;

        /**
         * Starts the reactor on its thread.
         *
         * @throws InterruptedException if interrupted while waiting for it to run
         */
        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            reactor = new SelectorReactor(ReactorOptions.defaults());
            CountDownLatch running = new CountDownLatch(1);
            reactor.callWhenRunning(running::countDown);
            thread = new Thread(reactor::run, "bench-reactor");
            thread.start();
            if (!running.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the reactor did not start");
            }
        }

        /**
         * Stops the reactor and waits for its thread.
         *
         * @throws InterruptedException if interrupted while waiting
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            reactor.callFromThread(reactor::stop);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (thread.isAlive()) {
                throw new IllegalStateException("the reactor did not stop");
            }
        }
    }

    /** A single-thread executor. */
    @State(Scope.Benchmark)
    public static class Executor {
        ExecutorService executor;

        /** Starts the executor. */
        @Setup(Level.Trial)
        public void start() {
            executor = Executors.newSingleThreadExecutor();
        }

        /**
         * Shuts the executor down.
         *
         * @throws InterruptedException if interrupted while waiting
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the executor did not stop");
            }
        }
    }

    /** One producer: what it handed over, and what the consumer has run. */
    @State(Scope.Thread)
    public static class Producer {
        long submitted;
        /** Written only by the consumer thread, read by the producer. */
        volatile long done;
        final Runnable call = () -> done++;

        void awaitWindow() {
            while (submitted - done >= WINDOW) {
                Thread.yield();
            }
            submitted++;
        }

        /** Waits for the consumer to run every call, and fails the run if one was lost. */
        @TearDown(Level.Iteration)
        public void drain() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (done != submitted && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            if (done != submitted) {
                throw new IllegalStateException("handed over " + submitted + " calls, " + done + " ran");
            }
        }
    }

    /**
     * @param r the reactor
     * @param p this producer
     */
    @Benchmark
    @Threads(1)
    public void reactor1Producer(Reactor r, Producer p) {
        p.awaitWindow();
        r.reactor.callFromThread(p.call);
    }

    /**
     * @param r the reactor
     * @param p this producer
     */
    @Benchmark
    @Threads(4)
    public void reactor4Producers(Reactor r, Producer p) {
        p.awaitWindow();
        r.reactor.callFromThread(p.call);
    }

    /**
     * @param e the executor
     * @param p this producer
     */
    @Benchmark
    @Threads(1)
    public void executor1Producer(Executor e, Producer p) {
        p.awaitWindow();
        e.executor.execute(p.call);
    }

    /**
     * @param e the executor
     * @param p this producer
     */
    @Benchmark
    @Threads(4)
    public void executor4Producers(Executor e, Producer p) {
        p.awaitWindow();
        e.executor.execute(p.call);
    }
}
