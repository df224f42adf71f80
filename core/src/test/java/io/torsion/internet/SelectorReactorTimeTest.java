package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.runReactor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** callLater and DelayedCall on the real reactor, and the order in which a loop turn runs work. */
@Timeout(120)
class SelectorReactorTimeTest {
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));

    @Test
    void callLaterRunsAfterAtLeastTheDelay() {
        double[] ranAt = {-1};
        double scheduledAt = reactor.seconds();
        long start = System.nanoTime();
        reactor.callLater(0.1, () -> {
            ranAt[0] = reactor.seconds();
            reactor.stop();
        });
        runReactor(reactor);
        assertTrue(System.nanoTime() - start >= 100_000_000L);
        assertTrue(ranAt[0] - scheduledAt >= 0.1, "ran after " + (ranAt[0] - scheduledAt));
    }

    @Test
    void callLaterTakesADuration() {
        List<String> events = new ArrayList<>();
        DelayedCall call = reactor.callLater(Duration.ofMillis(20), () -> {
            events.add("ran");
            reactor.stop();
        });
        assertTrue(call.getTime() - reactor.seconds() <= 0.02 + 1e-9);
        runReactor(reactor);
        assertEquals(List.of("ran"), events);
    }

    @Test
    void badDelaysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> reactor.callLater(-0.001, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> reactor.callLater(Double.NaN, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> reactor.callLater(Duration.ofMillis(-1), () -> { }));
        assertThrows(NullPointerException.class, () -> reactor.callLater(1, null));
        DelayedCall never = reactor.callLater(Double.POSITIVE_INFINITY, () -> { });
        assertTrue(never.active());
        never.cancel();
    }

    @Test
    void callsRunInTimeThenSchedulingOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            reactor.callLater(0, () -> order.add(n));
        }
        reactor.callLater(0.02, () -> order.add(2000));
        reactor.callLater(0.01, () -> order.add(1000));
        reactor.callLater(0.03, reactor::stop);
        runReactor(reactor);
        assertEquals(1002, order.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, order.get(i));
        }
        assertEquals(List.of(1000, 2000), order.subList(1000, 1002));
    }

    @Test
    void cancelledCallsNeverRunAndActingOnThemAgainFails() {
        List<String> events = new ArrayList<>();
        DelayedCall call = reactor.callLater(0, () -> events.add("cancelled call ran"));
        assertTrue(call.active());
        call.cancel();
        assertFalse(call.active());
        assertThrows(AlreadyCancelled.class, call::cancel);
        assertThrows(AlreadyCancelled.class, () -> call.reset(1));
        assertThrows(AlreadyCancelled.class, () -> call.delay(1));
        reactor.callLater(0.01, reactor::stop);
        runReactor(reactor);
        assertEquals(List.of(), events);
    }

    @Test
    void aCalledCallIsInactiveAlreadyWhileItRuns() {
        List<String> events = new ArrayList<>();
        DelayedCall[] self = new DelayedCall[1];
        self[0] = reactor.callLater(0, () -> {
            events.add("active while running: " + self[0].active());
            assertThrows(AlreadyCalled.class, self[0]::cancel);
            reactor.stop();
        });
        runReactor(reactor);
        assertFalse(self[0].active());
        assertThrows(AlreadyCalled.class, self[0]::cancel);
        assertThrows(AlreadyCalled.class, () -> self[0].reset(1));
        assertThrows(AlreadyCalled.class, () -> self[0].delay(1));
        assertEquals(List.of("active while running: false"), events);
    }

    @Test
    void resetAndDelayMoveACall() {
        List<String> events = new ArrayList<>();
        DelayedCall far = reactor.callLater(3600, () -> events.add("far, moved sooner by reset"));
        DelayedCall farther = reactor.callLater(7200, () -> events.add("farther, moved sooner by delay"));
        DelayedCall soon = reactor.callLater(0, () -> events.add("soon, moved later"));
        double before = farther.getTime();
        farther.delay(-7200);
        assertEquals(before - 7200, farther.getTime(), 1e-6);
        far.reset(0.01);
        assertTrue(far.getTime() <= reactor.seconds() + 0.01 + 1e-9);
        soon.reset(0.05);
        reactor.callLater(0.03, () -> events.add("marker at 0.03"));
        reactor.callLater(0.1, reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("farther, moved sooner by delay", "far, moved sooner by reset", "marker at 0.03",
                "soon, moved later"), events);
    }

    @Test
    void getDelayedCallsListsOnlyPendingCalls() {
        DelayedCall a = reactor.callLater(10, () -> { });
        DelayedCall b = reactor.callLater(20, () -> { });
        DelayedCall c = reactor.callLater(0, () -> { });
        b.cancel();
        assertEquals(3 - 1, reactor.getDelayedCalls().size());
        reactor.callLater(0.01, () -> {
            List<DelayedCall> pending = reactor.getDelayedCalls();
            assertTrue(pending.contains(a));
            assertFalse(pending.contains(b));
            assertFalse(pending.contains(c));
            a.cancel();
            reactor.stop();
        });
        runReactor(reactor);
        assertEquals(List.of(), reactor.getDelayedCalls());
    }

    // ------------------------------------------------------------------ what one loop turn runs

    @Test
    void callsScheduledByATimedCallWaitForTheNextTurnAfterThreadCalls() {
        List<String> events = new ArrayList<>();
        reactor.callLater(0, () -> {
            events.add("A");
            reactor.callLater(0, () -> events.add("B, scheduled by A"));
            reactor.callFromThread(() -> events.add("C, callFromThread by A"));
        });
        reactor.callLater(0, () -> events.add("A2, due when the turn began"));
        reactor.callLater(0.05, reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("A", "A2, due when the turn began", "C, callFromThread by A", "B, scheduled by A"), events);
    }

    @Test
    void callsScheduledByAThreadCallWaitForTheNextTurn() {
        List<String> events = new ArrayList<>();
        reactor.callFromThread(() -> {
            events.add("X");
            reactor.callLater(0, () -> events.add("Y, scheduled by X"));
            reactor.callFromThread(() -> events.add("Z, callFromThread by X"));
        });
        reactor.callFromThread(() -> events.add("X2"));
        reactor.callLater(0.05, reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("X", "X2", "Z, callFromThread by X", "Y, scheduled by X"), events);
    }

    @Test
    void aCallRescheduledDuringATurnWaitsForTheNextTurn() {
        List<String> events = new ArrayList<>();
        DelayedCall[] second = new DelayedCall[1];
        reactor.callLater(0, () -> {
            events.add("first");
            second[0].reset(0);
            reactor.callFromThread(() -> events.add("thread call"));
        });
        second[0] = reactor.callLater(0, () -> events.add("second"));
        reactor.callLater(0.05, reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("first", "thread call", "second"), events);
    }

    @Test
    void callFromThreadOnTheReactorThreadFromATimedCallRunsPromptly() {
        // Twisted's test_delayedCallFromThread: the loop must not sleep with a thread call queued.
        reactor.callLater(0, () -> reactor.callFromThread(reactor::stop));
        runReactor(reactor, Duration.ofSeconds(60));
    }

    // ------------------------------------------------------------------ errors and scale

    @Test
    void anExceptionInATimedCallIsLoggedAndTheLoopGoesOn() {
        List<String> events = new ArrayList<>();
        reactor.callLater(0, () -> {
            throw new IllegalStateException("boom in timed call");
        });
        reactor.callLater(0, () -> events.add("same turn, after the failure"));
        reactor.callFromThread(() -> {
            throw new UnsupportedOperationException("boom in thread call");
        });
        reactor.callLater(0.02, () -> {
            events.add("later turn");
            reactor.stop();
        });
        runReactor(reactor);
        assertEquals(List.of("same turn, after the failure", "later turn"), events);
        List<RecordingLogger.Entry> errors = log.at(System.Logger.Level.ERROR);
        assertEquals(2, errors.size(), errors.toString());
        for (RecordingLogger.Entry e : errors) {
            assertNotNull(e.error(), "logged with its stack");
            assertTrue(e.error().getStackTrace().length > 0);
        }
        assertTrue(errors.stream().anyMatch(e -> e.error().getMessage().equals("boom in timed call")));
        assertTrue(errors.stream().anyMatch(e -> e.error().getMessage().equals("boom in thread call")));
    }

    @Test
    void aMillionPendingCallsAreFine() {
        int n = 1_000_000;
        List<DelayedCall> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            calls.add(reactor.callLater(3600 + (i % 1000), () -> { }));
        }
        assertEquals(n, reactor.getDelayedCalls().size());
        int[] ran = {0};
        reactor.callLater(0, () -> {
            for (DelayedCall c : calls) {
                c.cancel();
            }
            reactor.callLater(0, () -> ran[0]++);
            reactor.callLater(0.01, reactor::stop);
        });
        runReactor(reactor);
        assertEquals(1, ran[0]);
        assertEquals(List.of(), reactor.getDelayedCalls());
        assertTrue(reactor.loop().timers().heapSize() < 1000, "cancelled calls were compacted away");
    }
}
