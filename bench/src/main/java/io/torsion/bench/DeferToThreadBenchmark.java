package io.torsion.bench;

import io.torsion.defer.Deferred;
import io.torsion.defer.DeferredList;
import io.torsion.defer.Failure;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures {@code deferToThread} round trips (reactor thread → pool thread → back to the reactor
 * thread as a Deferred's result) with the reactor's pool of platform threads and with virtual
 * threads, to decide whether the reactor's pool should use virtual threads where the JDK has them.
 *
 * <p>One invocation hands a batch of {@value #BATCH} functions to the pool from the reactor thread
 * and waits until all their Deferreds have fired there; the score is per round trip. The batch
 * equals the pool's default size (10), so no variant ever queues work behind a busy thread and all
 * run at the same concurrency. The benchmark thread reaches the reactor with
 * {@code blockingCallFromThreadDeferred}, once per batch, the same for every variant.
 *
 * <p>Variants ({@code executor}):
 * <ul>
 *   <li>{@code reactorPool}: {@link SelectorReactor#deferToThread}, the reactor's own pool
 *       (platform threads);</li>
 *   <li>{@code platformPool}: the same round trip by hand through a {@link ThreadPoolExecutor} of 10
 *       platform threads, built as the reactor's pool is (checks that the hand-made round trip
 *       costs what the real one does);</li>
 *   <li>{@code virtualPool}: the same executor with a virtual-thread factory (JDK 21+);</li>
 *   <li>{@code virtualPerTask}: {@code Executors.newVirtualThreadPerTaskExecutor()}, a new virtual
 *       thread per function (JDK 21+).</li>
 * </ul>
 * Work ({@code work}): {@code none} returns at once, so the round trip's own cost is measured;
 * {@code park} blocks for 50 µs first, as a short blocking call does. Virtual threads are reached by
 * reflection on public API, since the build targets Java 17; the virtual variants fail their setup
 * on Java 17 (select the others with {@code -p executor=reactorPool,platformPool}). Results:
 * {@code bench/README.md}.
 *
 * <p>Threading: the benchmark thread only waits; the round trips run on the reactor's thread and
 * the pool's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DeferToThreadBenchmark {
    /** Functions per invocation: the reactor pool's default maximum size. */
    static final int BATCH = ReactorOptions.DEFAULT_THREAD_POOL_SIZE;
    private static final long PARK_NANOS = 50_000;

    @Param({"reactorPool", "platformPool", "virtualPool", "virtualPerTask"})
    String executor;

    @Param({"none", "park"})
    String work;

    private SelectorReactor reactor;
    private Thread reactorThread;
    private ExecutorService pool;
    private Callable<Integer>[] functions;

    /**
     * Makes the executor and the functions, and starts the reactor on its thread.
     *
     * @throws Exception if virtual threads are missing, or the reactor does not start
     */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void start() throws Exception {
        pool = switch (executor) {
            case "reactorPool" -> null;
            case "platformPool" -> boundedPool(platformThreads());
            case "virtualPool" -> boundedPool(VirtualThreads.factory("bench-virtual-"));
            case "virtualPerTask" -> VirtualThreads.perTaskExecutor();
            default -> throw new IllegalArgumentException("unknown executor " + executor);
        };
        boolean park = switch (work) {
            case "none" -> false;
            case "park" -> true;
            default -> throw new IllegalArgumentException("unknown work " + work);
        };
        functions = new Callable[BATCH];
        for (int i = 0; i < BATCH; i++) {
            Integer value = i;
            functions[i] = park ? () -> {
                LockSupport.parkNanos(PARK_NANOS);
                return value;
            } : () -> value;
        }
        reactor = new SelectorReactor(ReactorOptions.defaults());
        CountDownLatch running = new CountDownLatch(1);
        reactor.callWhenRunning(running::countDown);
        reactorThread = new Thread(reactor::run, "bench-reactor");
        reactorThread.start();
        if (!running.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the reactor did not start");
        }
    }

    /**
     * Stops the reactor and the executor.
     *
     * @throws InterruptedException if interrupted while waiting for them
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        reactor.callFromThread(reactor::stop);
        reactorThread.join(TimeUnit.SECONDS.toMillis(30));
        if (pool != null) {
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One batch of round trips.
     *
     * @return the sum of the results
     * @throws Exception if a round trip failed
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int roundTrips() throws Exception {
        List<Integer> results = reactor.blockingCallFromThreadDeferred(this::batch);
        int sum = 0;
        for (Integer r : results) {
            sum += r;
        }
        if (sum != BATCH * (BATCH - 1) / 2) {
            throw new IllegalStateException("wrong results " + results);
        }
        return sum;
    }

    /** On the reactor thread: hands the batch to the pool; fires when all are back. */
    private Deferred<List<Integer>> batch() {
        List<Deferred<Integer>> ds = new ArrayList<>(BATCH);
        for (Callable<Integer> f : functions) {
            ds.add(pool == null ? reactor.deferToThread(f) : deferTo(f));
        }
        return DeferredList.gatherResults(ds);
    }

    /** deferToThread by hand, as SelectorReactor does it, through another executor. */
    private <T> Deferred<T> deferTo(Callable<T> f) {
        Deferred<T> d = new Deferred<>();
        pool.execute(() -> {
            T result;
            try {
                result = f.call();
            } catch (Throwable t) {
                Failure failure = new Failure(t);
                reactor.callFromThread(() -> d.errback(failure));
                return;
            }
            reactor.callFromThread(() -> d.callback(result));
        });
        return d;
    }

    /** As the reactor's ReactorThreadPool builds its executor. */
    private static ExecutorService boundedPool(ThreadFactory threads) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(BATCH, BATCH, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    private static ThreadFactory platformThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bench-platform-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
