package io.torsion.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.AlreadyCalled;
import io.torsion.internet.AlreadyCancelled;
import io.torsion.internet.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Twisted's {@code ClockTests} (test_task.py), plus the ordering and spin rules of TWISTED-NOTES.md. */
class ClockTest {
    private final Clock clock = new Clock();
    private final List<String> log = new ArrayList<>();

    private Runnable record(String name) {
        return () -> log.add(name + "@" + clock.seconds());
    }

    @Test
    void secondsStartsAtZero() {
        assertEquals(0.0, clock.seconds());
    }

    @Test
    void callLaterReturnsAnActiveCallDueAfterTheDelay() {
        DelayedCall call = clock.callLater(1, () -> { });
        assertEquals(1.0, call.getTime());
        assertTrue(call.active());
    }

    @Test
    void callLaterTakesADuration() {
        clock.advance(1);
        DelayedCall call = clock.callLater(Duration.ofMillis(1500), record("a"));
        assertEquals(2.5, call.getTime());
        clock.advance(Duration.ofMillis(1499));
        assertEquals(List.of(), log);
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("a@2.5"), log);
    }

    @Test
    void cancelledCallIsInactiveAndNeverRuns() {
        DelayedCall call = clock.callLater(1, record("a"));
        call.cancel();
        assertFalse(call.active());
        clock.advance(10);
        assertEquals(List.of(), log);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void eachCallLaterReturnsANewCall() {
        DelayedCall first = clock.callLater(10, () -> { });
        DelayedCall second = clock.callLater(1, () -> { });
        assertNotSame(first, second);
    }

    @Test
    void advanceRunsACallOnlyOnceItIsDue() {
        DelayedCall call = clock.callLater(2, record("a"));
        clock.advance(1);
        assertEquals(List.of(), log);
        assertTrue(call.active());
        clock.advance(1);
        assertEquals(List.of("a@2.0"), log);
        assertFalse(call.active());
    }

    @Test
    void advanceByZeroRunsTheCallsDueNow() {
        clock.callLater(0, record("a"));
        assertEquals(List.of(), log, "callLater never runs the call synchronously");
        clock.advance(0);
        assertEquals(List.of("a@0.0"), log);
    }

    @Test
    void cancellingACallFromInsideItselfRaisesAlreadyCalled() {
        DelayedCall[] call = new DelayedCall[1];
        List<Throwable> seen = new ArrayList<>();
        call[0] = clock.callLater(1, () -> seen.add(assertThrows(AlreadyCalled.class, () -> call[0].cancel())));
        clock.advance(1);
        assertEquals(1, seen.size(), "the call ran and saw AlreadyCalled");
    }

    @Test
    void delayMovesTheCallLater() {
        DelayedCall call = clock.callLater(1, record("a"));
        call.delay(1);
        assertEquals(2.0, call.getTime());
        clock.advance(1.5);
        assertEquals(List.of(), log);
        clock.advance(1.0);
        assertEquals(List.of("a@2.5"), log);
    }

    @Test
    void aNegativeDelayMovesTheCallEarlier() {
        DelayedCall call = clock.callLater(5, record("a"));
        call.delay(-3);
        assertEquals(2.0, call.getTime());
        clock.advance(2);
        assertEquals(List.of("a@2.0"), log);
    }

    @Test
    void resetMovesTheCallLaterRelativeToNow() {
        DelayedCall call = clock.callLater(2, record("a"));
        clock.advance(1);
        call.reset(3);
        assertEquals(4.0, call.getTime());
        clock.advance(2);
        assertEquals(List.of(), log);
        clock.advance(1);
        assertEquals(List.of("a@4.0"), log);
    }

    @Test
    void resetMovesTheCallSooner() {
        DelayedCall call = clock.callLater(4, record("a"));
        call.reset(3);
        assertEquals(3.0, call.getTime());
        clock.advance(3);
        assertEquals(List.of("a@3.0"), log);
    }

    @Test
    void resetTakesADuration() {
        DelayedCall call = clock.callLater(4, record("a"));
        call.reset(Duration.ofMillis(500));
        assertEquals(0.5, call.getTime());
    }

    @Test
    void aCancelledCallCannotBeCancelledMovedOrReset() {
        DelayedCall call = clock.callLater(1, () -> { });
        call.cancel();
        assertThrows(AlreadyCancelled.class, call::cancel);
        assertThrows(AlreadyCancelled.class, () -> call.delay(1));
        assertThrows(AlreadyCancelled.class, () -> call.reset(1));
        assertThrows(AlreadyCancelled.class, () -> call.reset(Duration.ofSeconds(1)));
    }

    @Test
    void aCallThatRanCannotBeCancelledMovedOrReset() {
        DelayedCall call = clock.callLater(1, () -> { });
        clock.advance(1);
        assertThrows(AlreadyCalled.class, call::cancel);
        assertThrows(AlreadyCalled.class, () -> call.delay(1));
        assertThrows(AlreadyCalled.class, () -> call.reset(1));
        assertEquals(List.of(), clock.getDelayedCalls(), "a refused reset schedules nothing");
    }

    @Test
    void getDelayedCallsListsThePendingCalls() {
        assertEquals(List.of(), clock.getDelayedCalls());
        DelayedCall first = clock.callLater(1, () -> { });
        DelayedCall second = clock.callLater(2, () -> { });
        DelayedCall cancelled = clock.callLater(3, () -> { });
        cancelled.cancel();
        assertEquals(Set.of(first, second), Set.copyOf(clock.getDelayedCalls()));
        clock.advance(1);
        assertEquals(List.of(second), clock.getDelayedCalls());
    }

    @Test
    void getDelayedCallsReturnsASnapshot() {
        DelayedCall call = clock.callLater(1, record("a"));
        List<DelayedCall> snapshot = clock.getDelayedCalls();
        snapshot.clear();
        assertEquals(List.of(call), clock.getDelayedCalls());
        clock.advance(1);
        assertEquals(List.of("a@1.0"), log);
    }

    @Test
    void aCallScheduledBetweenAnEarlierOneAndItsResetTimeRunsFirst() {
        // Twisted's test_callLaterKeepsCallsOrdered.
        DelayedCall a = clock.callLater(1, record("a"));
        a.reset(3);
        clock.callLater(2, record("b"));
        clock.pump(1, 1, 1);
        assertEquals(List.of("b@2.0", "a@3.0"), log);
    }

    @Test
    void resettingACallBehindAnotherKeepsTheOrder() {
        // Twisted's test_callLaterResetKeepsCallsOrdered.
        DelayedCall a = clock.callLater(1, record("a"));
        clock.callLater(2, record("b"));
        a.reset(3);
        clock.pump(1, 1, 1);
        assertEquals(List.of("b@2.0", "a@3.0"), log);
    }

    @Test
    void resettingACallFromInsideAnotherKeepsTheOrder() {
        // Twisted's test_callLaterResetInsideCallKeepsCallsOrdered.
        DelayedCall b = clock.callLater(2, record("b"));
        clock.callLater(1, () -> b.reset(3));
        clock.callLater(3, record("c"));
        clock.pump(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertEquals(List.of("c@3.0", "b@4.0"), log);
    }

    @Test
    void callsDueAtTheSameTimeRunInTheOrderTheyWereScheduled() {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            clock.callLater(1, record(name));
        }
        clock.advance(1);
        assertEquals(List.of("a@1.0", "b@1.0", "c@1.0", "d@1.0", "e@1.0"), log);
    }

    @Test
    void aResetCallGoesBehindTheCallsAlreadyDueAtItsNewTime() {
        DelayedCall a = clock.callLater(1, record("a"));
        clock.callLater(2, record("b"));
        a.reset(2);
        clock.advance(2);
        assertEquals(List.of("b@2.0", "a@2.0"), log);
    }

    @Test
    void advanceMovesTimeFirstThenRunsTheDueCallsInTimeOrder() {
        clock.callLater(3, record("late"));
        clock.callLater(1, record("early"));
        clock.callLater(6, record("future"));
        clock.advance(5);
        assertEquals(List.of("early@5.0", "late@5.0"), log, "each due call sees the new time");
        assertEquals(5.0, clock.seconds());
    }

    @Test
    void callsScheduledDuringAnAdvanceRunInTheSameAdvanceWhenDue() {
        clock.callLater(1, () -> {
            log.add("a");
            clock.callLater(0, () -> log.add("a0"));
            clock.callLater(1, () -> log.add("a1"));
            clock.callLater(3, () -> log.add("a3"));
        });
        clock.callLater(3, () -> {
            log.add("b");
            clock.callLater(0, () -> log.add("b0"));
        });
        clock.advance(5);
        // At time 5: a(1) and b(3) were due; a0, b0 are due at 5 and run in scheduling order; a1 was
        // due at 6 and a3 at 8.
        assertEquals(List.of("a", "b", "a0", "b0"), log);
        clock.advance(1);
        assertEquals(List.of("a", "b", "a0", "b0", "a1"), log);
        clock.advance(2);
        assertEquals(List.of("a", "b", "a0", "b0", "a1", "a3"), log);
    }

    @Test
    void aZeroDelayCallScheduledDuringAnAdvanceRunsAfterTheCallsAlreadyDueThen() {
        clock.callLater(1, () -> {
            log.add("p");
            clock.callLater(0, () -> log.add("r"));
        });
        clock.callLater(1, () -> log.add("q"));
        clock.advance(1);
        assertEquals(List.of("p", "q", "r"), log);
    }

    @Test
    void pumpAdvancesByEachAmountInTurn() {
        clock.callLater(1, record("a"));
        clock.callLater(2, record("b"));
        clock.callLater(3.5, record("c"));
        clock.pump(1, 1, 1);
        assertEquals(List.of("a@1.0", "b@2.0"), log);
        assertEquals(3.0, clock.seconds());
        clock.pump();
        assertEquals(3.0, clock.seconds(), "no amounts, no movement");
        clock.pump(0.5);
        assertEquals(List.of("a@1.0", "b@2.0", "c@3.5"), log);
    }

    @Test
    void aCallMayAdvanceTheClockItself() {
        clock.callLater(1, () -> {
            log.add("outer@" + clock.seconds());
            clock.advance(2);
            log.add("outer-after@" + clock.seconds());
        });
        clock.callLater(2, record("inner"));
        clock.advance(1);
        assertEquals(List.of("outer@1.0", "inner@3.0", "outer-after@3.0"), log);
    }

    @Test
    void badTimesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> clock.pump(1, -1));
        assertEquals(1.0, clock.seconds(), "pump moved by the good amount before refusing the bad one");
        assertThrows(IllegalArgumentException.class, () -> clock.callLater(-0.5, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> clock.callLater(Double.NaN, () -> { }));
        assertThrows(NullPointerException.class, () -> clock.callLater(1, null));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void movingACallByNotANumberIsRefusedAndLeavesItWhereItWas() {
        DelayedCall call = clock.callLater(1, record("a"));
        assertThrows(IllegalArgumentException.class, () -> call.delay(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> call.reset(Double.NaN));
        assertEquals(1.0, call.getTime());
        clock.advance(1);
        assertEquals(List.of("a@1.0"), log);
    }

    @Test
    void aCallThatThrowsStopsTheAdvanceAndLeavesTheOtherCallsScheduled() {
        IllegalStateException boom = new IllegalStateException("boom");
        clock.callLater(1, () -> {
            throw boom;
        });
        DelayedCall later = clock.callLater(1, record("later"));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> clock.advance(1)));
        assertTrue(later.active());
        assertEquals(1.0, clock.seconds());
        clock.advance(0);
        assertEquals(List.of("later@1.0"), log);
    }

    @Test
    void aCallReschedulingItselfWithNoDelayIsStoppedByTheSpinBound() {
        int[] runs = {0};
        Runnable[] spin = new Runnable[1];
        spin[0] = () -> {
            runs[0]++;
            clock.callLater(0, spin[0]);
        };
        clock.callLater(0, spin[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> clock.advance(0));
        assertTrue(e.getMessage().contains(String.valueOf(Clock.MAX_CALLS_PER_ADVANCE)), e.getMessage());
        assertTrue(e.getMessage().contains("reschedules itself"), e.getMessage());
        assertEquals(Clock.MAX_CALLS_PER_ADVANCE, runs[0]);
        // The clock stays usable: the spinning call is still pending and can be cancelled.
        List<DelayedCall> pending = clock.getDelayedCalls();
        assertEquals(1, pending.size());
        pending.get(0).cancel();
        clock.callLater(1, record("after"));
        clock.advance(1);
        assertEquals(List.of("after@1.0"), log);
    }

    @Test
    void aLongButFiniteChainOfZeroDelayCallsRunsInOneAdvance() {
        int[] left = {10_000};
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (--left[0] > 0) {
                clock.callLater(0, step[0]);
            }
        };
        clock.callLater(0, step[0]);
        clock.advance(0);
        assertEquals(0, left[0]);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void toStringOfACallNamesItsTimeAndState() {
        DelayedCall call = clock.callLater(1, () -> { });
        assertTrue(call.toString().contains("1.0"), call.toString());
        assertTrue(call.toString().contains("PENDING"), call.toString());
        call.cancel();
        assertTrue(call.toString().contains("CANCELLED"), call.toString());
    }
}
