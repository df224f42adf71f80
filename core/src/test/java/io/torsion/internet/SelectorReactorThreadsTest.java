package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static io.torsion.internet.ReactorRunner.runReactor;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** callFromThread, the thread pool, deferToThread and blockingCallFromThread (Twisted's test_threads). */
@Timeout(120)
class SelectorReactorThreadsTest {
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));

    @Test
    void callFromThreadRunsOnTheReactorThread() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            Thread other = new Thread(() -> reactor.callFromThread(() -> ranOn.complete(Thread.currentThread())));
            other.start();
            assertSame(runner.thread(), ranOn.get(WAIT_SECONDS, TimeUnit.SECONDS));
            runner.stopAndJoin();
        }
    }

    @Test
    void callsMadeBeforeRunWaitForIt() {
        List<String> events = new ArrayList<>();
        reactor.callFromThread(() -> events.add("thread call, running=" + reactor.isRunning()));
        reactor.callWhenRunning(() -> events.add("when running"));
        reactor.callLater(0.01, reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("when running", "thread call, running=true"), events);
    }

    @Test
    void aFloodOfCallsFromSeveralThreadsAllRunInPerThreadOrder() throws Exception {
        int threads = 4;
        int perThread = 100_000;
        int[] lastSeen = new int[threads];
        java.util.Arrays.fill(lastSeen, -1);
        int[] outOfOrder = {0};
        int[] total = {0};
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread p = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        reactor.callFromThread(() -> {
                            if (lastSeen[id] != n - 1) {
                                outOfOrder[0]++;
                            }
                            lastSeen[id] = n;
                            total[0]++;
                        });
                    }
                }, "producer-" + t);
                producers.add(p);
                p.start();
            }
            go.countDown();
            for (Thread p : producers) {
                p.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                assertFalse(p.isAlive());
            }
            // Everything queued so far runs before this call, which is queued last.
            assertEquals(threads * perThread, (int) runner.call(() -> total[0]));
            assertEquals(0, (int) runner.call(() -> outOfOrder[0]));
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread - 1, lastSeen[t]);
            }
            // Still healthy: timers run, and it stops cleanly.
            CompletableFuture<String> timer = new CompletableFuture<>();
            runner.call(() -> reactor.callLater(0.01, () -> timer.complete("timer")));
            assertEquals("timer", timer.get(WAIT_SECONDS, TimeUnit.SECONDS));
            runner.stopAndJoin();
        }
        assertEquals(List.of(), log.entries().stream().filter(e -> e.level() == System.Logger.Level.ERROR).toList());
    }

    @Test
    void callsFromThreadsWhileTheLoopIsBusyNeedNoWakeup() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CountDownLatch inHandler = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            reactor.callFromThread(() -> {
                inHandler.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(inHandler.await(WAIT_SECONDS, TimeUnit.SECONDS));
            long wakeupsBefore = reactor.loop().wakeups();
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 1000; i++) {
                reactor.callFromThread(ran::incrementAndGet);
            }
            assertEquals(wakeupsBefore, reactor.loop().wakeups(), "the loop was awake: no wakeup needed");
            release.countDown();
            assertEquals(1000, (int) runner.call(ran::get));
            runner.stopAndJoin();
        }
    }

    @Test
    void anIdleLoopIsWokenByCallFromThread() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            // No timers pending: the loop sleeps until woken.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!reactor.loop().isSleeping() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(reactor.loop().isSleeping());
            long before = reactor.loop().wakeups();
            assertEquals("woken", runner.call(() -> "woken"));
            assertTrue(reactor.loop().wakeups() > before);
            runner.stopAndJoin();
        }
    }

    @Test
    void callInThreadRunsInThePoolNotOnTheReactorThread() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CompletableFuture<Boolean> onReactor = new CompletableFuture<>();
            reactor.callInThread(() -> onReactor.complete(reactor.isReactorThread()));
            assertFalse(onReactor.get(WAIT_SECONDS, TimeUnit.SECONDS));
            runner.stopAndJoin();
        }
    }

    @Test
    void theThreadPoolStartsWithTheReactorAndStopsBeforeRunReturns() {
        var pool = reactor.threadPool();
        assertFalse(pool.isStarted(), "the pool must not start before run");
        CountDownLatch ran = new CountDownLatch(1);
        reactor.callInThread(ran::countDown);
        assertEquals(1, ran.getCount(), "work given before run waits for it");
        boolean[] state = new boolean[2];
        reactor.callWhenRunning(() -> {
            state[0] = pool.isStarted();
            state[1] = pool.isTerminated();
            reactor.stop();
        });
        runReactor(reactor);
        assertTrue(state[0], "started when running");
        assertFalse(state[1], "not stopped before stop");
        assertEquals(0, ran.getCount(), "the work given before run ran");
        assertTrue(pool.isTerminated(), "stopped when run returns");
        assertThrows(ReactorNotRunning.class, () -> reactor.callInThread(() -> { }));
        failureResultOf(reactor.deferToThread(() -> "too late"), ReactorNotRunning.class);
    }

    @Test
    void suggestThreadPoolSizeBoundsTheThreads() throws Exception {
        assertEquals(ReactorOptions.DEFAULT_THREAD_POOL_SIZE, reactor.threadPool().maximumSize());
        assertThrows(IllegalArgumentException.class, () -> reactor.suggestThreadPoolSize(0));
        reactor.suggestThreadPoolSize(17);
        assertEquals(17, reactor.threadPool().maximumSize());
        reactor.suggestThreadPoolSize(2);
        assertEquals(2, reactor.threadPool().maximumSize());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(6);
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            for (int i = 0; i < 6; i++) {
                reactor.getThreadPool().execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    finished.countDown();
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (running.get() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, running.get());
            gate.countDown();
            assertTrue(finished.await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(2, maxRunning.get());
            runner.stopAndJoin();
        }
    }

    @Test
    void deferToThreadFiresOnTheReactorThread() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CompletableFuture<String> result = new CompletableFuture<>();
            runner.call(() -> reactor.deferToThread(() -> {
                assertFalse(reactor.isReactorThread());
                return "computed in " + Thread.currentThread().getName();
            }).addCallback(value -> {
                result.complete(reactor.isReactorThread() + " " + value);
                return null;
            }));
            String got = result.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(got.startsWith("true computed in torsion-pool"), got);
            runner.stopAndJoin();
        }
    }

    @Test
    void deferToThreadCarriesTheExceptionAsAFailure() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CompletableFuture<Failure> failure = new CompletableFuture<>();
            runner.call(() -> reactor.deferToThread(() -> {
                throw new IOException("disk on fire");
            }).addErrback(f -> {
                assertTrue(reactor.isReactorThread());
                failure.complete(f);
                return null;
            }));
            Failure f = failure.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(f.check(IOException.class));
            assertEquals("disk on fire", f.value().getMessage());
            runner.stopAndJoin();
        }
    }

    @Test
    void blockingCallFromThreadReturnsTheResult() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            assertEquals("on reactor: true", reactor.blockingCallFromThread(() -> "on reactor: " + reactor.isReactorThread()));
            String viaDeferred = reactor.blockingCallFromThreadDeferred(() -> {
                Deferred<String> d = new Deferred<>();
                reactor.callLater(0.01, () -> d.callback("fired later"));
                return d;
            });
            assertEquals("fired later", viaDeferred);
            runner.stopAndJoin();
        }
    }

    @Test
    void blockingCallFromThreadRethrowsTheFailure() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            IOException thrown = assertThrows(IOException.class, () -> reactor.blockingCallFromThread(() -> {
                throw new IOException("thrown");
            }));
            assertEquals("thrown", thrown.getMessage());
            IllegalArgumentException failed = assertThrows(IllegalArgumentException.class,
                    () -> reactor.blockingCallFromThreadDeferred(() -> {
                        Deferred<String> d = new Deferred<>();
                        reactor.callLater(0, () -> d.errback(new IllegalArgumentException("failed later")));
                        return d;
                    }));
            assertEquals("failed later", failed.getMessage());
            runner.stopAndJoin();
        }
    }

    @Test
    void blockingCallFromThreadOnTheReactorThreadThrowsAtOnce() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            runner.call(() -> {
                try {
                    reactor.blockingCallFromThread(() -> "never");
                } catch (Throwable t) {
                    error.set(t);
                }
                return null;
            });
            assertTrue(error.get() instanceof IllegalStateException, String.valueOf(error.get()));
            assertTrue(error.get().getMessage().contains("reactor thread"));
            runner.stopAndJoin();
        }
    }

    @Test
    void blockingCallFromThreadFailsWhenTheReactorStopsFirst() throws Exception {
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CountDownLatch stopping = new CountDownLatch(1);
            Deferred<Void> gate = new Deferred<>();
            runner.call(() -> reactor.addSystemEventTrigger(ReactorCore.Phase.BEFORE, ReactorCore.SystemEvent.SHUTDOWN,
                    () -> {
                        stopping.countDown();
                        return gate;
                    }));
            CompletableFuture<Throwable> waiter = new CompletableFuture<>();
            runner.call(() -> {
                reactor.stop();
                return null;
            });
            assertTrue(stopping.await(WAIT_SECONDS, TimeUnit.SECONDS));
            // A call whose Deferred never fires is still waiting when the reactor stops.
            Thread t = new Thread(() -> {
                try {
                    reactor.blockingCallFromThreadDeferred(Deferred::new);
                    waiter.complete(null);
                } catch (Throwable e) {
                    waiter.complete(e);
                }
            });
            t.start();
            runner.call(() -> {
                reactor.callLater(0.01, () -> gate.callback(null));
                return null;
            });
            runner.join();
            assertTrue(waiter.get(WAIT_SECONDS, TimeUnit.SECONDS) instanceof ReactorNotRunning);
        }
        assertThrows(ReactorNotRunning.class, () -> reactor.blockingCallFromThread(() -> "after stop"));
    }

    @Test
    void getThreadPoolIsTheSamePoolAsCallInThread() throws Exception {
        assertSame(reactor.getThreadPool(), reactor.getThreadPool());
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            CompletableFuture<String> name = new CompletableFuture<>();
            reactor.getThreadPool().execute(() -> name.complete(Thread.currentThread().getName()));
            assertTrue(name.get(WAIT_SECONDS, TimeUnit.SECONDS).startsWith("torsion-pool"));
            assertNotSame(runner.thread().getName(), name.get());
            runner.stopAndJoin();
        }
    }
}
