package io.torsion.task;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.internet.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Twisted's {@code CooperatorTests} (test_cooperator.py), on a {@link Clock}. */
class CooperatorTest {
    private static final Supplier<BooleanSupplier> NEVER_END_A_STEP = () -> () -> false;
    private static final Supplier<BooleanSupplier> ONE_UNIT_PER_STEP = () -> () -> true;

    private final Clock clock = new Clock();

    /** Settings where each {@code clock.advance(1)} runs exactly the step scheduled before it. */
    private Cooperator.Settings stepPerSecond(Supplier<BooleanSupplier> predicate) {
        return Cooperator.Settings.forClock(clock)
                .withScheduler(step -> clock.callLater(1, step))
                .withTerminationPredicateFactory(predicate);
    }

    /** An iterator of {@code size} items; the i-th {@code next()} (from 0) returns {@code step.apply(i)}. */
    static <T> Iterator<T> steps(int size, IntFunction<T> step) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public T next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return step.apply(next++);
            }
        };
    }

    @Test
    void aStoppedCooperatorRejectsNewTasks() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        c.stop();
        failureResultOf(c.coiterate(Collections.emptyIterator()), SchedulerStopped.class);
        CooperativeTask<Iterator<Object>> task = c.cooperate(Collections.emptyIterator());
        assertEquals(CooperativeTask.State.SCHEDULER_STOPPED, task.state());
        failureResultOf(task.whenDone(), SchedulerStopped.class);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stoppingEndsARunningIteratorBeforeItCompletes() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        List<Integer> done = new ArrayList<>();
        Deferred<Iterator<Integer>> d = c.coiterate(steps(3, i -> {
            done.add(i);
            return i;
        }));
        c.stop();
        failureResultOf(d, SchedulerStopped.class);
        clock.advance(10);
        assertEquals(List.of(), done);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stoppingEndsAnIteratorWaitingOnADeferredItYielded() {
        Deferred<String> outstanding = new Deferred<>();
        List<Integer> asked = new ArrayList<>();
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Deferred<Iterator<Object>> d = c.coiterate(steps(2, i -> {
            asked.add(i);
            return outstanding;
        }));
        clock.advance(1);
        assertEquals(List.of(0), asked);
        c.stop();
        failureResultOf(d, SchedulerStopped.class);
        outstanding.callback("arglebargle");
        clock.advance(10);
        assertEquals(List.of(0), asked, "the iterator is never asked again");
    }

    @Test
    void anExceptionFromTheIteratorFailsTheTask() {
        IllegalStateException error = new IllegalStateException("broken");
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Deferred<Iterator<Object>> d = c.coiterate(steps(1, i -> {
            throw error;
        }));
        clock.advance(1);
        assertSame(error, failureResultOf(d, IllegalStateException.class).value());
    }

    @Test
    void anExceptionFromHasNextFailsTheTask() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Deferred<Iterator<Object>> d = c.coiterate(new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new ArithmeticException("hasNext");
            }

            @Override
            public Object next() {
                throw new AssertionError("never asked");
            }
        });
        clock.advance(1);
        failureResultOf(d, ArithmeticException.class);
    }

    @Test
    void aYieldedDeferredThatFailsLaterFailsTheTask() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Deferred<Iterator<Object>> d = c.coiterate(steps(2, i -> {
            Deferred<Object> later = new Deferred<>();
            clock.callLater(0, () -> later.errback(new IllegalArgumentException("later")));
            return later;
        }));
        clock.advance(1);
        assertEquals("later", failureResultOf(d, IllegalArgumentException.class).value().getMessage());
    }

    @Test
    void aYieldedDeferredThatHasAlreadyFailedFailsTheTask() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Deferred<Iterator<Object>> d = c.coiterate(steps(2, i -> Deferred.fail(new IllegalArgumentException("now"))));
        clock.advance(1);
        assertEquals("now", failureResultOf(d, IllegalArgumentException.class).value().getMessage());
    }

    @Test
    void tasksTakeTurns() {
        List<Object> log = new ArrayList<>();
        List<List<Object>> groups = List.of(List.of("a", "b", "c"), List.of(1, 2, 3), List.of("d", "e", "f"),
                List.of(4, 5, 6));
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        List<Deferred<?>> tasks = new ArrayList<>();
        for (List<Object> group : groups) {
            tasks.add(c.coiterate(steps(group.size(), i -> log.add(group.get(i)))));
        }
        clock.advance(1);
        for (Deferred<?> d : tasks) {
            successResultOf(d);
        }
        assertEquals(List.of("a", 1, "d", 4, "b", 2, "e", 5, "c", 3, "f", 6), log);
    }

    @Test
    void turnsCarryOnAcrossStepsWhereThePreviousStepEnded() {
        List<String> log = new ArrayList<>();
        int[] unitsThisStep = {0};
        Cooperator c = new Cooperator(stepPerSecond(() -> {
            unitsThisStep[0] = 0;
            return () -> ++unitsThisStep[0] >= 2;
        }));
        for (String name : List.of("a", "b", "c")) {
            c.coiterate(steps(2, i -> log.add(name + i)));
        }
        clock.advance(1);
        assertEquals(List.of("a0", "b0"), log);
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "c0", "a1"), log);
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "c0", "a1", "b1", "c1"), log);
        clock.advance(1); // the three tasks find their iterators exhausted (a and b in this step)
        clock.advance(1);
        assertEquals(List.of(), clock.getDelayedCalls(), "no step is scheduled once all are done");
    }

    @Test
    void aTaskFinishingMidRoundDoesNotCostTheNextOneItsTurn() {
        List<String> log = new ArrayList<>();
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        c.coiterate(steps(1, i -> log.add("a" + i)));
        c.coiterate(steps(2, i -> log.add("b" + i)));
        c.coiterate(steps(2, i -> log.add("c" + i)));
        clock.advance(1);
        assertEquals(List.of("a0", "b0", "c0", "b1", "c1"), log);
    }

    @Test
    void theTerminationPredicateEndsAStep() {
        // Twisted's testResourceExhaustion.
        List<Integer> output = new ArrayList<>();
        boolean[] exhausted = {false};
        Cooperator c = new Cooperator(stepPerSecond(() -> () -> exhausted[0]));
        Deferred<Iterator<Boolean>> d = c.coiterate(steps(100, i -> {
            if (i == 9) {
                exhausted[0] = true;
            }
            return output.add(i);
        }));
        clock.advance(1);
        c.stop();
        failureResultOf(d, SchedulerStopped.class);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), output);
    }

    @Test
    void aWhenDoneCallbackThatAddsATaskSchedulesOnlyOneStep() {
        // Twisted's testCallbackReCoiterate.
        List<String> violations = new ArrayList<>();
        Cooperator c = new Cooperator(stepPerSecond(ONE_UNIT_PER_STEP).withScheduler(step -> {
            if (!clock.getDelayedCalls().isEmpty()) {
                violations.add("scheduled a step while one was pending: " + clock.getDelayedCalls());
            }
            return clock.callLater(1, step);
        }));
        List<Object> done = new ArrayList<>();
        c.coiterate(Collections.emptyIterator()).addCallback(ignored -> {
            c.coiterate(Collections.emptyIterator()).addBoth(done::add);
            return null;
        });
        int steps = 0;
        while (done.isEmpty() && steps++ < 50) {
            clock.advance(1);
        }
        assertEquals(1, done.size(), "the second task completed");
        assertEquals(List.of(), violations);
        assertTrue(steps <= 3, "took " + steps + " steps");
    }

    @Test
    void removingTheLastTaskCancelsTheScheduledStep() {
        Cooperator c = new Cooperator(stepPerSecond(ONE_UNIT_PER_STEP));
        CooperativeTask<Iterator<Integer>> task1 = c.cooperate(List.of(1, 2).iterator());
        CooperativeTask<Iterator<Integer>> task2 = c.cooperate(List.of(1, 2).iterator());
        List<DelayedCall> scheduled = clock.getDelayedCalls();
        assertEquals(1, scheduled.size(), "two tasks, one step");

        task1.stop();
        assertTrue(scheduled.get(0).active());
        assertEquals(scheduled, clock.getDelayedCalls());

        task2.stop();
        assertFalse(scheduled.get(0).active());
        assertEquals(List.of(), clock.getDelayedCalls());

        c.cooperate(List.of(1, 2).iterator());
        assertEquals(1, clock.getDelayedCalls().size(), "a new task schedules a step again");
    }

    @Test
    void pausingTheOnlyTaskCancelsTheStepAndResumingSchedulesOne() {
        Cooperator c = new Cooperator(stepPerSecond(ONE_UNIT_PER_STEP));
        CooperativeTask<Iterator<Integer>> task = c.cooperate(List.of(1, 2).iterator());
        task.pause();
        assertEquals(List.of(), clock.getDelayedCalls());
        task.resume();
        assertEquals(1, clock.getDelayedCalls().size());
    }

    @Test
    void runningReflectsStartAndStop() {
        assertTrue(new Cooperator(clock).isRunning());
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP).withStarted(false));
        assertFalse(c.isRunning());
        assertEquals(Cooperator.State.NOT_STARTED, c.state());
        c.start();
        assertTrue(c.isRunning());
        c.start();
        assertTrue(c.isRunning(), "start is idempotent");
        c.stop();
        assertFalse(c.isRunning());
        assertEquals(Cooperator.State.STOPPED, c.state());
        c.stop();
        assertEquals(Cooperator.State.STOPPED, c.state(), "stop is idempotent");
    }

    @Test
    void aCooperatorNotStartedQueuesTasksUntilStarted() {
        List<Integer> done = new ArrayList<>();
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP).withStarted(false));
        Deferred<Iterator<Boolean>> d = c.coiterate(steps(3, done::add));
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(5);
        assertEquals(List.of(), done);
        c.start();
        assertEquals(1, clock.getDelayedCalls().size());
        clock.advance(1);
        assertEquals(List.of(0, 1, 2), done);
        successResultOf(d);
    }

    @Test
    void stoppingACooperatorThatNeverStartedFailsItsTasks() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP).withStarted(false));
        Deferred<Iterator<Integer>> d = c.coiterate(List.of(1).iterator());
        c.stop();
        failureResultOf(d, SchedulerStopped.class);
    }

    @Test
    void aStoppedCooperatorCanBeStartedAgain() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        c.stop();
        c.start();
        Iterator<Integer> iterator = List.of(1, 2).iterator();
        Deferred<Iterator<Integer>> d = c.coiterate(iterator);
        clock.advance(1);
        assertSame(iterator, successResultOf(d));
    }

    @Test
    void stopAlsoFailsPausedTasks() {
        // Twisted leaves a paused task alone until it is resumed; Torsion fails it at once.
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        CooperativeTask<Iterator<Integer>> task = c.cooperate(List.of(1, 2).iterator());
        Deferred<Iterator<Integer>> d = task.whenDone();
        task.pause();
        c.stop();
        failureResultOf(d, SchedulerStopped.class);
        assertEquals(CooperativeTask.State.SCHEDULER_STOPPED, task.state());
        task.resume();
        assertThrows(SchedulerStopped.class, task::pause);
        assertThrows(SchedulerStopped.class, task::stop);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void aWhenDoneCallbackMayStopTheCooperatorDuringStop() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Deferred<Iterator<Integer>> first = c.coiterate(List.of(1).iterator());
        Deferred<Iterator<Integer>> second = c.coiterate(List.of(1).iterator());
        first.addErrback(f -> {
            c.stop();
            return null;
        });
        c.stop();
        failureResultOf(second, SchedulerStopped.class);
    }

    @Test
    void coiterateFiresWithTheIterator() {
        Cooperator c = new Cooperator(stepPerSecond(NEVER_END_A_STEP));
        Iterator<String> iterator = List.of("x", "y").iterator();
        Deferred<Iterator<String>> d = c.coiterate(iterator);
        assertNoResult(d);
        clock.advance(1);
        assertSame(iterator, successResultOf(d));
        assertFalse(iterator.hasNext());
    }

    @Test
    void aTaskWaitingOnADeferredDoesNotHoldUpTheOthers() {
        List<String> log = new ArrayList<>();
        Deferred<String> gate = new Deferred<>();
        Cooperator c = new Cooperator(stepPerSecond(ONE_UNIT_PER_STEP));
        Deferred<Iterator<Object>> waiting = c.coiterate(steps(2, i -> {
            log.add("w" + i);
            return i == 0 ? gate : "after gate";
        }));
        Deferred<Iterator<Boolean>> busy = c.coiterate(steps(3, i -> log.add("b" + i)));
        clock.pump(1, 1, 1, 1, 1);
        assertEquals(List.of("w0", "b0", "b1", "b2"), log);
        successResultOf(busy);
        assertNoResult(waiting);
        gate.callback("open");
        assertNull(successResultOf(gate), "the cooperator consumed the Deferred's result");
        clock.advance(1);
        assertEquals(List.of("w0", "b0", "b1", "b2", "w1"), log);
        assertNoResult(waiting);
        clock.advance(1);
        successResultOf(waiting);
    }

    @Test
    void cancellingTheCoiterateDeferredDoesNotStopTheTask() {
        List<Integer> done = new ArrayList<>();
        Cooperator c = new Cooperator(stepPerSecond(ONE_UNIT_PER_STEP));
        Deferred<Iterator<Boolean>> d = c.coiterate(steps(2, done::add));
        d.cancel();
        failureResultOf(d, CancelledError.class);
        clock.pump(1, 1, 1);
        assertEquals(List.of(0, 1), done);
    }

    @Test
    void theDefaultSchedulerUsesTheClockWithTwistedsEpsilon() {
        Cooperator c = new Cooperator(clock);
        Deferred<Iterator<Integer>> d = c.coiterate(List.of(1, 2, 3).iterator());
        List<DelayedCall> scheduled = clock.getDelayedCalls();
        assertEquals(1, scheduled.size());
        assertEquals(Cooperator.DEFAULT_STEP_DELAY, scheduled.get(0).getTime());
        // Three units take far less than the 10 ms slice, but the test must not depend on it.
        for (int i = 0; i < 100 && !clock.getDelayedCalls().isEmpty(); i++) {
            clock.advance(Cooperator.DEFAULT_STEP_DELAY);
        }
        successResultOf(d);
    }

    @Test
    void theTimeSliceEndsAStepOnceTheSliceHasPassed() {
        long[] now = {1_000};
        Supplier<BooleanSupplier> factory = Cooperator.timeSlice(Duration.ofMillis(10), () -> now[0]);
        BooleanSupplier first = factory.get();
        now[0] += 9_999_999;
        assertFalse(first.getAsBoolean());
        now[0] += 1;
        assertTrue(first.getAsBoolean());
        BooleanSupplier second = factory.get();
        assertFalse(second.getAsBoolean(), "each step gets a fresh slice");
        assertEquals(Duration.ofMillis(10), Cooperator.DEFAULT_TIME_SLICE);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(NullPointerException.class, () -> new Cooperator((Cooperator.Settings) null));
        assertThrows(NullPointerException.class, () -> Cooperator.Settings.forClock(null));
        assertThrows(NullPointerException.class, () -> stepPerSecond(null));
        assertThrows(NullPointerException.class, () -> stepPerSecond(NEVER_END_A_STEP).withScheduler(null));
        Cooperator c = new Cooperator(clock);
        assertThrows(NullPointerException.class, () -> c.cooperate(null));
    }
}
