package io.torsion.bench;

import io.torsion.defer.Coroutine;
import io.torsion.defer.Deferred;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures what a {@link Coroutine} await costs when the awaited Deferred is fired later by the
 * driving thread: the round trip from {@code callback} on the driving thread, through the body
 * (which resumes, makes the next Deferred and awaits it), back to the driving thread.
 *
 * <p>{@link #roundTrip} is that round trip, one per operation; the JMH thread is the driving
 * thread, as the reactor thread would be. {@link #plainCallback} does the same Deferred work with
 * no coroutine (make a Deferred, add one step, fire it), so the difference is the two thread
 * hand-offs. {@link #startToEnd} starts a coroutine whose body returns at once: thread creation
 * plus two hand-offs. Results and commands: {@code bench/README.md}, section "Coroutine await".
 *
 * <p>Threading: JMH runs each benchmark method on one thread with its own state; the coroutine's
 * body thread runs only while that thread waits for it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoroutineAwait {

    /** A coroutine that awaits fresh Deferreds in a loop, and the one it awaits now. */
    @State(Scope.Thread)
    public static class Loop {
        /** Set by the body before each await; read by the driving thread after the hand-back. */
        Deferred<Integer> pending;
        boolean stop;
        long fired;
        Deferred<Long> coroutine;

        /** Starts the coroutine; it suspends on its first await, so start returns. */
        @Setup(Level.Trial)
        public void startCoroutine() {
            coroutine = Coroutine.start(co -> {
                long sum = 0;
                while (!stop) {
                    Deferred<Integer> d = new Deferred<>();
                    pending = d;
                    sum += co.await(d);
                }
                return sum;
            });
        }

        /** Ends the body and fails the run if it did not see every round trip. */
        @TearDown(Level.Trial)
        public void stopCoroutine() {
            stop = true;
            pending.callback(0);
            long[] sum = {-1};
            coroutine.addCallback(s -> sum[0] = s);
            if (sum[0] != fired) {
                throw new IllegalStateException("body summed " + sum[0] + " over " + fired + " round trips");
            }
        }
    }

    /** A place for the plain-callback baseline to put its value. */
    @State(Scope.Thread)
    public static class Sink {
        long sum;
    }

    /**
     * One await round trip: fires the Deferred the body awaits; returns when the body has resumed
     * and awaits the next one.
     *
     * @param loop the running coroutine
     * @return the fired Deferred, so that nothing is optimised away
     */
    @Benchmark
    public Deferred<Integer> roundTrip(Loop loop) {
        Deferred<Integer> d = loop.pending;
        loop.fired++;
        d.callback(1);
        return d;
    }

    /**
     * The same Deferred work without a coroutine: a Deferred, one step, fired.
     *
     * @param sink receives the value
     * @return the fired Deferred
     */
    @Benchmark
    public Deferred<Integer> plainCallback(Sink sink) {
        Deferred<Integer> d = new Deferred<>();
        d.addBoth(x -> {
            sink.sum += (Integer) x;
            return null;
        });
        d.callback(1);
        return d;
    }

    /**
     * Starts a coroutine whose body returns at once; its Deferred has the result on return.
     *
     * @return the coroutine's Deferred
     */
    @Benchmark
    public Deferred<Integer> startToEnd() {
        return Coroutine.start(co -> 1);
    }
}
