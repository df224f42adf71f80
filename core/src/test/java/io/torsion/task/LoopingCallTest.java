package io.torsion.task;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.internet.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Twisted's {@code LoopTests} and {@code ReactorLoopTests} (test_task.py), all on a {@link Clock},
 * plus the rules of TWISTED-NOTES.md: start while running is refused, stop leaves the function's
 * Deferred alone, and cancelling the start Deferred stops the loop.
 */
class LoopingCallTest {
    private final Clock clock = new Clock();
    private final List<Double> times = new ArrayList<>();

    private LoopingCall recordingTimes() {
        return new LoopingCall(clock, () -> times.add(clock.seconds()));
    }

    /** A Deferred whose cancellation is recorded, so that tests can tell whether it was cancelled. */
    private static final class Pending {
        boolean cancelled;
        final Deferred<Object> deferred = new Deferred<>(self -> cancelled = true);
    }

    // ------------------------------------------------------------ Twisted's LoopTests

    @Test
    void basicFunction() {
        // Time is advanced to 0.25 in steps: the first call is at once, then at 0.15 and 0.25.
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(0.1);
        clock.pump(0.05, 0.1, 0.1);
        assertEquals(3, times.size(), "iterations: " + times);
        assertNoResult(d);
        lc.stop();
        assertSame(lc, successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls(), "nothing more is planned");
    }

    @Test
    void delayedStart() {
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(0.1, false);
        assertEquals(List.of(), times);
        clock.pump(0.05, 0.1, 0.1);
        assertEquals(2, times.size(), "iterations: " + times);
        lc.stop();
        assertSame(lc, successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void badIntervalIsRefusedAndTheLoopStaysIdle() {
        LoopingCall lc = recordingTimes();
        assertThrows(IllegalArgumentException.class, () -> lc.start(-1));
        assertThrows(IllegalArgumentException.class, () -> lc.start(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> lc.start(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> lc.start(Duration.ofSeconds(-1), true));
        assertEquals(LoopingCall.State.IDLE, lc.state());
        assertEquals(List.of(), times);
        assertEquals(List.of(), clock.getDelayedCalls());
        lc.start(1);
        assertEquals(List.of(0.0), times);
    }

    @Test
    void stopWithIntervalZeroBeforeTheFirstCallPreventsIt() {
        stoppingBeforeTheFirstCall(0);
    }

    @Test
    void stopBeforeADelayedStartPreventsTheFirstCall() {
        stoppingBeforeTheFirstCall(10);
    }

    private void stoppingBeforeTheFirstCall(double interval) {
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(interval, false);
        lc.stop();
        assertSame(lc, successResultOf(d));
        clock.advance(interval);
        assertEquals(List.of(), times);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void resetSkipsTheNextIterationAndRestartsTheTimer() {
        LoopingCall lc = recordingTimes();
        lc.start(2, false);
        clock.advance(1);
        lc.reset();
        clock.advance(1);
        assertEquals(List.of(), times);
        clock.advance(1);
        assertEquals(List.of(3.0), times);
        clock.advance(2);
        assertEquals(List.of(3.0, 5.0), times, "the new start time sets the phase");
    }

    @Test
    void resetWhenNotRunningIsRefused() {
        LoopingCall lc = recordingTimes();
        IllegalStateException e = assertThrows(IllegalStateException.class, lc::reset);
        assertTrue(e.getMessage().contains("IDLE"), e.getMessage());
    }

    @Test
    void whenACallTakesLongerThanTheIntervalTheNextOneIsInTheFuture() {
        // Twisted's test_callbackTimeSkips: the function itself moves the clock.
        double[] callDuration = {2};
        LoopingCall lc = new LoopingCall(clock, () -> {
            times.add(clock.seconds());
            clock.advance(callDuration[0]);
            return null;
        });
        lc.start(0.5);
        assertEquals(List.of(0.0), times);
        assertEquals(2.0, clock.seconds());
        // An iteration was due at 2, but 2 is the present, not the future: skipped.
        clock.advance(0);
        assertEquals(List.of(0.0), times);
        callDuration[0] = 1;
        clock.advance(0.5);
        assertEquals(List.of(0.0, 2.5), times);
        assertEquals(3.5, clock.seconds());
        clock.advance(0);
        assertEquals(List.of(0.0, 2.5), times);
        callDuration[0] = 0;
        clock.advance(0.5);
        assertEquals(List.of(0.0, 2.5, 4.0), times);
        assertEquals(4.0, clock.seconds());
    }

    @Test
    void whenTheClockJumpsPastSeveralIntervalsTheMissedOnesAreSkipped() {
        // Twisted's test_reactorTimeSkips.
        LoopingCall lc = recordingTimes();
        lc.start(0.5);
        assertEquals(List.of(0.0), times);
        clock.advance(2);
        assertEquals(List.of(0.0, 2.0), times);
        clock.advance(1);
        assertEquals(List.of(0.0, 2.0, 3.0), times);
        clock.advance(0);
        assertEquals(List.of(0.0, 2.0, 3.0), times);
    }

    private record Counted(double time, int count) {}

    @Test
    void withCountReportsTheIntervalsThatPassed() {
        // Twisted's test_reactorTimeCountSkips.
        List<Counted> seen = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, count -> seen.add(new Counted(clock.seconds(), count)));
        double interval = 0.5;
        double realisticDelay = 0.01;
        lc.start(interval);
        assertEquals(List.of(new Counted(0, 1)), seen);
        clock.advance(interval + realisticDelay);
        assertEquals(List.of(new Counted(0, 1), new Counted(interval + realisticDelay, 1)), seen);
        clock.advance(3 * interval + realisticDelay);
        List<Counted> expected = List.of(new Counted(0, 1), new Counted(interval + realisticDelay, 1),
                new Counted(4 * interval + 2 * realisticDelay, 3));
        assertEquals(expected, seen);
        clock.advance(0);
        assertEquals(expected, seen);
    }

    @Test
    void withCountCountsOnlyIntervalBoundariesCrossed() {
        // Twisted's test_countLengthyIntervalCounts: invoked at T, 2.75T and 3T, the count stays 1.
        List<Counted> seen = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, count -> seen.add(new Counted(clock.seconds(), count)));
        double interval = 0.5;
        double realisticDelay = 0.01;
        lc.start(interval);
        assertEquals(new Counted(0, 1), seen.remove(0));
        clock.advance(interval + realisticDelay);
        assertEquals(new Counted(interval + realisticDelay, 1), seen.remove(0));
        clock.advance(interval * 1.75);
        assertEquals(new Counted(2.75 * interval + realisticDelay, 1), seen.remove(0));
        clock.advance(interval * 0.25);
        assertEquals(new Counted(3.0 * interval + realisticDelay, 1), seen.remove(0));
        assertEquals(List.of(), seen);
    }

    @Test
    void withCountNeverPassesZeroAtAFloatingPointBoundary() {
        // Twisted's test_withCountFloatingPointBoundary: 0.1 is not exactly a tenth in binary.
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        int count = 10;
        double timespan = 1.0;
        double interval = timespan / count;
        lc.start(interval, false);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            clock.advance(interval);
            sum += interval;
        }
        double epsilon = timespan - sum;
        clock.advance(epsilon);
        assertTrue(Math.abs(epsilon) > 0.0, "the test needs floating-point inaccuracy: " + epsilon);
        assertTrue(clock.seconds() >= timespan, clock.seconds() + " should be >= " + timespan);
        assertEquals(count, counts.stream().mapToInt(Integer::intValue).sum(), "counts: " + counts);
        assertFalse(counts.contains(0), "counts: " + counts);
    }

    @Test
    void withCountAndIntervalZeroAlwaysPassesOne() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.withCount(clock, count -> {
            counts.add(count);
            if (counts.size() > 4) {
                loop[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = loop[0].start(0, false);
        clock.advance(0);
        assertSame(loop[0], successResultOf(d));
        assertEquals(List.of(1, 1, 1, 1, 1), counts);
    }

    @Test
    void withCountAndIntervalZeroPassesOneEvenAfterWaitingOnADeferred() {
        Deferred<Void> waitFor = new Deferred<>();
        List<Integer> counts = new ArrayList<>();
        LoopingCall[] loop = new LoopingCall[1];
        loop[0] = LoopingCall.withCount(clock, count -> {
            counts.add(count);
            if (counts.size() == 2) {
                return waitFor;
            }
            if (counts.size() > 4) {
                loop[0].stop();
            }
            return null;
        });
        loop[0].start(0, false);
        clock.advance(0);
        assertEquals(List.of(1, 1), counts, "the loop waits on the Deferred of the second call");
        clock.advance(2);
        assertEquals(List.of(1, 1), counts);
        waitFor.callback(null);
        clock.advance(0);
        assertEquals(List.of(1, 1, 1, 1, 1), counts);
    }

    @Test
    void withCountAfterIntervalZeroCountsFromTheLastCallWhenTheIntervalChanges() {
        Deferred<Void> waitFor = new Deferred<>();
        List<Integer> counts = new ArrayList<>();
        LoopingCall loop = LoopingCall.withCount(clock, count -> {
            counts.add(count);
            return counts.size() == 2 ? waitFor : null;
        });
        loop.start(0, false);
        clock.advance(10);
        assertEquals(List.of(1, 1), counts);
        loop.setInterval(2);
        assertEquals(OptionalDouble.of(2), loop.interval());
        waitFor.callback(null);
        clock.advance(7);
        assertEquals(List.of(1, 1, 3), counts, "intervals 5..8 since the last call at 10");
        clock.advance(2);
        assertEquals(List.of(1, 1, 3, 1), counts);
        clock.advance(4);
        assertEquals(List.of(1, 1, 3, 1, 2), counts);
    }

    @Test
    void withCountCountsTheIntervalsMissedWhileWaitingOnADeferred() {
        // Twisted's test_deferredWithCount.
        Deferred<Void> waitFor = new Deferred<>();
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, count -> {
            counts.add(count);
            return counts.size() == 1 ? waitFor : null;
        });
        lc.start(0.2, false);
        assertEquals(List.of(), counts);
        clock.pump(0.2, 0.4);
        assertEquals(List.of(1), counts, "not called again while its Deferred is pending");
        waitFor.callback(null);
        clock.pump(0.2);
        assertEquals(List.of(1, 3), counts, "calls were missed at about 0.6 and 0.8");
    }

    @Test
    void withCountRestartedCountsFromTheNewStartOnly() {
        List<Integer> counts = new ArrayList<>();
        LoopingCall lc = LoopingCall.withCount(clock, counts::add);
        lc.start(1);
        clock.advance(1);
        lc.stop();
        clock.advance(100);
        lc.start(1);
        clock.advance(1);
        assertEquals(List.of(1, 1, 1, 1), counts, "the 100 s stopped are not counted as missed");
    }

    // ------------------------------------------------------------ Twisted's ReactorLoopTests, on a Clock

    @Test
    void anExceptionFromTheFunctionFailsTheStartDeferredAndStopsTheLoop() {
        IllegalArgumentException bar = new IllegalArgumentException("bar");
        LoopingCall lc = new LoopingCall(clock, () -> {
            throw bar;
        });
        Deferred<LoopingCall> d = lc.start(0.1);
        assertSame(bar, failureResultOf(d, IllegalArgumentException.class).value());
        assertFalse(lc.isRunning());
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void anExceptionOnALaterIterationFailsTheStartDeferred() {
        int[] calls = {0};
        LoopingCall lc = new LoopingCall(clock, () -> {
            if (++calls[0] == 3) {
                throw new java.io.IOException("third");
            }
            return null;
        });
        Deferred<LoopingCall> d = lc.start(1);
        clock.advance(1);
        assertNoResult(d);
        clock.advance(1);
        assertEquals("third", failureResultOf(d, java.io.IOException.class).value().getMessage());
        assertEquals(LoopingCall.State.IDLE, lc.state());
        clock.advance(5);
        assertEquals(3, calls[0]);
    }

    @Test
    void stopThenThrowFromTheFunctionStillFails() {
        // Twisted's testFailAndStop.
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            lc[0].stop();
            throw new IllegalStateException("bar");
        });
        Deferred<LoopingCall> d = lc[0].start(0.1);
        failureResultOf(d, IllegalStateException.class);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void intervalZeroRunsEveryIterationInTheSameAdvance() {
        // Twisted's testEveryIteration.
        int[] ran = {0};
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            if (++ran[0] > 5) {
                lc[0].stop();
            }
            return null;
        });
        Deferred<LoopingCall> d = lc[0].start(0);
        assertEquals(1, ran[0], "the first call is immediate");
        assertNoResult(d);
        clock.advance(0);
        assertEquals(6, ran[0]);
        assertSame(lc[0], successResultOf(d));
        assertEquals(0.0, clock.seconds());
    }

    @Test
    void intervalZeroThatNeverStopsHitsTheClocksSpinBound() {
        int[] ran = {0};
        LoopingCall lc = new LoopingCall(clock, () -> ran[0]++);
        lc.start(0, false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> clock.advance(0));
        assertTrue(e.getMessage().contains("reschedules itself"), e.getMessage());
        assertEquals(Clock.MAX_CALLS_PER_ADVANCE, ran[0]);
        lc.stop();
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stopFromAnotherTimedCallPreventsAnyCall() {
        // Twisted's testStopAtOnceLater.
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(1, false);
        clock.callLater(0, lc::stop);
        clock.advance(0);
        assertSame(lc, successResultOf(d));
        clock.advance(5);
        assertEquals(List.of(), times);
    }

    @Test
    void theFunctionIsNotCalledAgainBeforeItsDeferredFires() {
        // Twisted's testWaitDeferred.
        int[] calls = {0};
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> {
            calls[0]++;
            Deferred<Object> d = new Deferred<>();
            d.addCallback(ignored -> {
                lc[0].stop();
                return null;
            });
            clock.callLater(1, () -> d.callback(null));
            return d;
        });
        Deferred<LoopingCall> started = lc[0].start(0.2);
        clock.pump(0.2, 0.8);
        assertEquals(1, calls[0]);
        assertEquals(List.of(), clock.getDelayedCalls());
        assertSame(lc[0], successResultOf(started));
    }

    @Test
    void aFailureOfTheFunctionsDeferredFailsTheStartDeferred() {
        // Twisted's testFailurePropagation.
        LoopingCall lc = new LoopingCall(clock, () -> {
            Deferred<Object> d = new Deferred<>();
            clock.callLater(0.3, () -> d.errback(new java.io.IOException("late")));
            return d;
        });
        Deferred<LoopingCall> d = lc.start(1);
        assertNoResult(d);
        clock.pump(0.3);
        failureResultOf(d, java.io.IOException.class);
        assertEquals(List.of(), clock.getDelayedCalls());
        assertFalse(lc.isRunning());
    }

    // ------------------------------------------------------------ Torsion's rules (TWISTED-NOTES.md)

    @Test
    void startWhileRunningIsRefused() {
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lc.start(1));
        assertTrue(e.getMessage().contains("RUNNING"), e.getMessage());
        assertEquals(List.of(0.0), times, "the refused start did not call the function");
        assertNoResult(d);
        assertEquals(1, clock.getDelayedCalls().size());
    }

    @Test
    void startFromInsideTheFunctionIsRefused() {
        List<Throwable> refused = new ArrayList<>();
        LoopingCall[] lc = new LoopingCall[1];
        lc[0] = new LoopingCall(clock, () -> refused.add(assertThrows(IllegalStateException.class,
                () -> lc[0].start(1))));
        lc[0].start(1);
        assertEquals(1, refused.size());
    }

    @Test
    void stopWhenNotRunningIsRefused() {
        LoopingCall lc = recordingTimes();
        IllegalStateException e = assertThrows(IllegalStateException.class, lc::stop);
        assertTrue(e.getMessage().contains("IDLE"), e.getMessage());
        lc.start(1);
        lc.stop();
        e = assertThrows(IllegalStateException.class, lc::stop);
        assertTrue(e.getMessage().contains("IDLE"), e.getMessage());
    }

    @Test
    void stopDoesNotCancelTheFunctionsDeferredAndTheStartDeferredFiresAfterIt() {
        Pending pending = new Pending();
        int[] calls = {0};
        LoopingCall lc = new LoopingCall(clock, () -> {
            calls[0]++;
            return pending.deferred;
        });
        Deferred<LoopingCall> d = lc.start(1);
        lc.stop();
        assertFalse(pending.cancelled);
        assertFalse(lc.isRunning());
        assertEquals(LoopingCall.State.STOPPING, lc.state());
        assertNoResult(d);
        clock.advance(5);
        assertEquals(1, calls[0]);
        pending.deferred.callback("ignored");
        assertSame(lc, successResultOf(d));
        assertEquals(LoopingCall.State.IDLE, lc.state());
        clock.advance(5);
        assertEquals(1, calls[0]);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void aFailureOfTheFunctionsDeferredAfterStopFailsTheStartDeferred() {
        Pending pending = new Pending();
        LoopingCall lc = new LoopingCall(clock, () -> pending.deferred);
        Deferred<LoopingCall> d = lc.start(1);
        lc.stop();
        pending.deferred.errback(new java.io.IOException("late"));
        failureResultOf(d, java.io.IOException.class);
        assertEquals(LoopingCall.State.IDLE, lc.state());
    }

    @Test
    void startAndStopAreRefusedWhileStopping() {
        Pending pending = new Pending();
        LoopingCall lc = new LoopingCall(clock, () -> pending.deferred);
        lc.start(1);
        lc.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lc.start(1));
        assertTrue(e.getMessage().contains("STOPPING"), e.getMessage());
        e = assertThrows(IllegalStateException.class, lc::stop);
        assertTrue(e.getMessage().contains("STOPPING"), e.getMessage());
        e = assertThrows(IllegalStateException.class, lc::reset);
        assertTrue(e.getMessage().contains("STOPPING"), e.getMessage());
    }

    @Test
    void stopInsideTheFunctionFiresTheStartDeferredWhenTheFunctionReturns() {
        LoopingCall[] lc = new LoopingCall[1];
        List<LoopingCall.State> statesSeen = new ArrayList<>();
        lc[0] = new LoopingCall(clock, () -> {
            lc[0].stop();
            statesSeen.add(lc[0].state());
            return null;
        });
        Deferred<LoopingCall> d = lc[0].start(1);
        assertEquals(List.of(LoopingCall.State.STOPPING), statesSeen);
        assertSame(lc[0], successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void theLoopIsIdleWhenTheStartDeferredFiresSoItCanBeRestartedFromThere() {
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> first = lc.start(1);
        List<Deferred<LoopingCall>> second = new ArrayList<>();
        first.addCallback(loop -> {
            assertFalse(loop.isRunning());
            second.add(loop.start(2, false));
            return loop;
        });
        clock.advance(1);
        lc.stop();
        assertSame(lc, successResultOf(first));
        assertTrue(lc.isRunning());
        assertEquals(OptionalDouble.of(2), lc.interval());
        clock.advance(2);
        assertEquals(List.of(0.0, 1.0, 3.0), times);
        assertNotSame(first, second.get(0));
        assertNoResult(second.get(0));
    }

    @Test
    void cancellingTheStartDeferredStopsAScheduledLoop() {
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(1);
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(LoopingCall.State.IDLE, lc.state());
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(10);
        assertEquals(List.of(0.0), times);
        lc.start(1);
        assertEquals(List.of(0.0, 10.0), times, "a cancelled loop can be started again");
    }

    @Test
    void cancellingTheStartDeferredWhileWaitingCancelsTheFunctionsDeferred() {
        Pending pending = new Pending();
        int[] calls = {0};
        LoopingCall lc = new LoopingCall(clock, () -> {
            calls[0]++;
            return pending.deferred;
        });
        Deferred<LoopingCall> d = lc.start(1);
        d.cancel();
        assertTrue(pending.cancelled);
        failureResultOf(d, CancelledError.class);
        assertNull(successResultOf(pending.deferred), "the loop consumed its own CancelledError");
        assertEquals(LoopingCall.State.IDLE, lc.state());
        clock.advance(10);
        assertEquals(1, calls[0]);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void cancellingTheStartDeferredWhileStoppingFailsItWithCancelledError() {
        Pending pending = new Pending();
        LoopingCall lc = new LoopingCall(clock, () -> pending.deferred);
        Deferred<LoopingCall> d = lc.start(1);
        lc.stop();
        d.cancel();
        assertTrue(pending.cancelled);
        failureResultOf(d, CancelledError.class);
        assertEquals(LoopingCall.State.IDLE, lc.state());
    }

    @Test
    void cancellingTheStartDeferredFromInsideTheFunctionStopsTheLoop() {
        List<Deferred<LoopingCall>> started = new ArrayList<>();
        int[] calls = {0};
        LoopingCall lc = new LoopingCall(clock, () -> {
            if (++calls[0] == 2) {
                started.get(0).cancel();
            }
            return "value";
        });
        started.add(lc.start(1));
        clock.advance(1);
        failureResultOf(started.get(0), CancelledError.class);
        assertEquals(LoopingCall.State.IDLE, lc.state());
        clock.advance(10);
        assertEquals(2, calls[0]);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void aDeferredReturnedAfterTheLoopWasCancelledIsLeftAloneWhenItFails() {
        // The loop consumes only its own CancelledError; any other late failure stays in the
        // function's Deferred, where the unhandled-failure report will show it.
        List<Deferred<LoopingCall>> started = new ArrayList<>();
        Deferred<Object> late = new Deferred<>();
        LoopingCall lc = new LoopingCall(clock, () -> {
            started.get(0).cancel();
            return late;
        });
        started.add(lc.start(1, false));
        clock.advance(1);
        failureResultOf(started.get(0), CancelledError.class);
        late.errback(new java.io.IOException("after cancel"));
        failureResultOf(late, java.io.IOException.class);
    }

    @Test
    void cancellingAfterTheLoopStoppedChangesNothing() {
        LoopingCall lc = recordingTimes();
        Deferred<LoopingCall> d = lc.start(1);
        lc.stop();
        d.cancel();
        assertSame(lc, successResultOf(d));
    }

    @Test
    void accessorsTellTheStateIntervalAndPendingCall() {
        Pending pending = new Pending();
        boolean[] returnPending = {false};
        LoopingCall lc = new LoopingCall(clock, () -> returnPending[0] ? pending.deferred : null);
        assertSame(clock, lc.clock());
        assertEquals(OptionalDouble.empty(), lc.interval());
        assertTrue(lc.call().isEmpty());
        assertFalse(lc.isRunning());

        lc.start(Duration.ofMillis(1500), false);
        assertTrue(lc.isRunning());
        assertEquals(LoopingCall.State.RUNNING, lc.state());
        assertEquals(OptionalDouble.of(1.5), lc.interval());
        DelayedCall call = lc.call().orElseThrow();
        assertEquals(1.5, call.getTime());
        assertEquals(List.of(call), clock.getDelayedCalls());

        returnPending[0] = true;
        clock.advance(1.5);
        assertTrue(lc.isRunning(), "still running while it waits on the function's Deferred");
        assertTrue(lc.call().isEmpty(), "no call is scheduled while waiting");
        pending.deferred.callback(null);
        assertEquals(3.0, lc.call().orElseThrow().getTime());

        lc.setInterval(Duration.ofSeconds(4));
        assertEquals(OptionalDouble.of(4), lc.interval());
        assertThrows(IllegalArgumentException.class, () -> lc.setInterval(-1));
        lc.stop();
        assertTrue(lc.call().isEmpty());
        assertEquals(OptionalDouble.of(4), lc.interval(), "the interval is kept after stop");
    }

    @Test
    void startTakesADurationAndRunsAtOnceByDefault() {
        LoopingCall lc = recordingTimes();
        lc.start(Duration.ofMillis(250));
        clock.pump(0.25, 0.25);
        assertEquals(List.of(0.0, 0.25, 0.5), times);
    }

    @Test
    void toStringShowsTheIntervalAndState() {
        LoopingCall lc = recordingTimes();
        lc.start(0.5);
        assertTrue(lc.toString().contains("0.5"), lc.toString());
        assertTrue(lc.toString().contains("RUNNING"), lc.toString());
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThrows(NullPointerException.class, () -> new LoopingCall(null, () -> null));
        assertThrows(NullPointerException.class, () -> new LoopingCall(clock, null));
        assertThrows(NullPointerException.class, () -> LoopingCall.withCount(clock, null));
    }
}
