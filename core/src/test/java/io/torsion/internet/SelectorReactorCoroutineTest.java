package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.runReactor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Coroutine;
import io.torsion.defer.Deferred;
import io.torsion.task.Tasks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Coroutines ({@link Coroutine}, Twisted's {@code inlineCallbacks}) on a real reactor: the body
 * may use the reactor as if it ran on the reactor thread, because that thread is blocked while the
 * body runs, and the one-thread contract holds.
 */
class SelectorReactorCoroutineTest {

    @Test
    void bodyAwaitsTimersAndUsesTheReactorAsItsOwnThread() {
        SelectorReactor reactor = new SelectorReactor();
        List<String> events = new ArrayList<>();
        Thread[] threads = new Thread[2];
        AtomicInteger reactorTurns = new AtomicInteger();
        reactor.callWhenRunning(() -> {
            threads[0] = Thread.currentThread();
            Deferred<Integer> result = Coroutine.start(co -> {
                threads[1] = Thread.currentThread();
                // Reactor-only methods pass their thread assertion inside the body.
                assertTrue(reactor.isReactorThread());
                assertSame(threads[0], Coroutine.drivingThread());
                int total = 0;
                for (int i = 1; i <= 3; i++) {
                    total += co.await(Tasks.deferLater(reactor, 0.001, () -> 10));
                    events.add("await " + i);
                    // callLater from the body: its thread assertion holds, and the call runs on the
                    // reactor thread before the next await's timer is due.
                    int n = i;
                    reactor.callLater(0, () -> {
                        reactorTurns.incrementAndGet();
                        events.add("timer " + n + " on reactor thread: " + (Thread.currentThread() == threads[0]));
                    });
                }
                return total;
            });
            result.addCallback(total -> {
                events.add("total " + total + " on reactor thread: " + (Thread.currentThread() == threads[0]));
                reactor.stop();
                return null;
            });
        });
        runReactor(reactor);
        assertEquals(List.of("await 1", "timer 1 on reactor thread: true", "await 2",
                "timer 2 on reactor thread: true", "await 3", "total 30 on reactor thread: true"),
                events.subList(0, 6));
        assertNotSame(threads[0], threads[1]);
        assertTrue(reactorTurns.get() >= 2);
    }

    @Test
    void reactorDoesNotRunWhileTheBodyRuns() {
        SelectorReactor reactor = new SelectorReactor();
        AtomicInteger ticks = new AtomicInteger();
        List<Integer> seenInBody = new ArrayList<>();
        reactor.callWhenRunning(() -> {
            // A timer that would tick at every turn if the loop ran concurrently with the body.
            LoopingTicker.start(reactor, ticks);
            Coroutine.start(co -> {
                for (int i = 0; i < 5; i++) {
                    co.await(Tasks.deferLater(reactor, 0.001));
                    int before = ticks.get();
                    // Busy for a moment: the reactor thread is blocked, so nothing ticks meanwhile.
                    long end = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    seenInBody.add(ticks.get() - before);
                }
                return null;
            }).addBoth(r -> {
                reactor.stop();
                return r;
            });
        });
        runReactor(reactor);
        assertEquals(List.of(0, 0, 0, 0, 0), seenInBody);
    }

    @Test
    void failuresOfAwaitedDeferredsAreThrownInTheBody() {
        SelectorReactor reactor = new SelectorReactor();
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(() -> Coroutine.start(co -> {
            try {
                co.await(reactor.deferToThread(() -> {
                    throw new IOException("from the pool");
                }));
            } catch (IOException e) {
                events.add("caught " + e.getMessage());
            }
            return null;
        }).addBoth(r -> {
            reactor.stop();
            return r;
        }));
        runReactor(reactor);
        assertEquals(List.of("caught from the pool"), events);
    }

    @Test
    void blockingCallFromThreadInsideABodyDrivenByTheReactorThrows() {
        SelectorReactor reactor = new SelectorReactor();
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(() -> Coroutine.start(co -> {
            try {
                reactor.blockingCallFromThread(() -> 1);
            } catch (IllegalStateException e) {
                events.add("refused");
            }
            return null;
        }).addBoth(r -> {
            reactor.stop();
            return r;
        }));
        runReactor(reactor);
        assertEquals(List.of("refused"), events);
        assertFalse(reactor.isRunning());
    }

    /** Reschedules itself at every turn, counting. */
    private static final class LoopingTicker {
        static void start(SelectorReactor reactor, AtomicInteger ticks) {
            reactor.callLater(0, () -> {
                ticks.incrementAndGet();
                if (reactor.isRunning()) {
                    start(reactor, ticks);
                }
            });
        }
    }
}
