package io.torsion.task;

import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Twisted's {@code RunStateTests} (test_cooperator.py): pause, resume, stop, exhaustion and their
 * interplay, with one unit of work per step and one step per {@code clock.advance(1)}.
 */
class CooperativeTaskTest {
    private final Clock clock = new Clock();
    private final Cooperator cooperator = new Cooperator(Cooperator.Settings.forClock(clock)
            .withScheduler(step -> clock.callLater(1, step))
            .withTerminationPredicateFactory(() -> () -> true));
    private final Worker worker = new Worker();
    private final CooperativeTask<Worker> task = cooperator.cooperate(worker);

    /** Yields 1, 2, 3...; on request the next item is a Deferred, the end, or an exception. */
    private static final class Worker implements Iterator<Object> {
        final List<Object> work = new ArrayList<>();
        boolean deferNext;
        boolean stopNext;
        boolean dieNext;
        private int i;

        @Override
        public boolean hasNext() {
            return !stopNext;
        }

        @Override
        public Object next() {
            i++;
            if (deferNext) {
                deferNext = false;
                Deferred<Object> d = new Deferred<>();
                work.add(d);
                return d;
            }
            if (dieNext) {
                throw new UnhandledException();
            }
            work.add(i);
            return i;
        }
    }

    private static final class UnhandledException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private void pump() {
        clock.advance(1);
    }

    @Test
    void pauseStopsTheWorkAndResumeStartsItAgainAtTheNextStep() {
        pump();
        assertEquals(List.of(1), worker.work);
        pump();
        assertEquals(List.of(1, 2), worker.work);
        task.pause();
        assertTrue(task.isPaused());
        pump();
        assertEquals(List.of(1, 2), worker.work);
        task.resume();
        assertFalse(task.isPaused());
        assertEquals(List.of(1, 2), worker.work, "resuming does no work by itself");
        pump();
        assertEquals(List.of(1, 2, 3), worker.work);
    }

    @Test
    void resumeWhenNotPausedIsRefused() {
        NotPaused e = assertThrows(NotPaused.class, task::resume);
        assertTrue(e.getMessage().contains("ACTIVE"), e.getMessage());
        task.pause();
        task.resume();
        assertThrows(NotPaused.class, task::resume);
    }

    @Test
    void pausesNest() {
        task.pause();
        pump();
        assertEquals(List.of(), worker.work);
        task.pause();
        pump();
        assertEquals(List.of(), worker.work);
        task.resume();
        pump();
        assertEquals(List.of(), worker.work, "one pause is still in force");
        task.resume();
        pump();
        assertEquals(List.of(1), worker.work);
    }

    @Test
    void aTaskPausedWhileWaitingOnADeferredNeedsBothTheDeferredAndTheResume() {
        worker.deferNext = true;
        pump();
        assertEquals(1, worker.work.size());
        assertInstanceOf(Deferred.class, worker.work.get(0));
        @SuppressWarnings("unchecked")
        Deferred<Object> d = (Deferred<Object>) worker.work.get(0);
        assertTrue(task.isPaused(), "waiting on the Deferred counts as a pause");
        pump();
        assertEquals(1, worker.work.size());
        task.pause();
        pump();
        assertEquals(1, worker.work.size());
        task.resume();
        pump();
        assertEquals(1, worker.work.size());
        d.callback("STUFF!");
        pump();
        assertEquals(List.of(d, 2), worker.work);
    }

    @Test
    void whenDoneFiresEachDeferredWithTheIteratorIndependently() {
        Deferred<Worker> first = task.whenDone();
        Deferred<Worker> second = task.whenDone();
        List<Object> results1 = new ArrayList<>();
        List<Object> results2 = new ArrayList<>();
        List<Object> final1 = new ArrayList<>();
        List<Object> final2 = new ArrayList<>();
        first.addCallback(result -> {
            results1.add(result);
            return 1;
        }).addCallback(final1::add);
        second.addCallback(result -> {
            results2.add(result);
            return 2;
        }).addCallback(final2::add);
        worker.stopNext = true;
        pump();
        assertEquals(List.of(worker), results1);
        assertEquals(List.of(worker), results2);
        assertEquals(List.of(1), final1);
        assertEquals(List.of(2), final2);
        assertEquals(CooperativeTask.State.DONE, task.state());
    }

    @Test
    void whenDoneFailsWithTheIteratorsException() {
        List<Failure> errors = new ArrayList<>();
        task.whenDone().addErrback(f -> {
            errors.add(f);
            return null;
        });
        worker.dieNext = true;
        pump();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).check(UnhandledException.class));
        assertEquals(CooperativeTask.State.FAILED, task.state());
    }

    @Test
    void whenDoneFailsWithTaskStoppedWhenStopped() {
        List<Failure> errors = new ArrayList<>();
        task.whenDone().addErrback(f -> {
            errors.add(f);
            return null;
        });
        task.stop();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).check(TaskStopped.class));
    }

    @Test
    void whenDoneOnAFinishedTaskHasItsResultAlready() {
        worker.stopNext = true;
        pump();
        List<Object> results = new ArrayList<>();
        task.whenDone().addCallback(results::add);
        assertEquals(List.of(worker), results);
    }

    @Test
    void whenDoneOnAStoppedTaskHasItsFailureAlready() {
        task.stop();
        failureResultOf(task.whenDone(), TaskStopped.class);
        failureResultOf(task.whenDone(), TaskStopped.class);
    }

    @Test
    void aStoppedTaskDoesNoMoreWorkAndRefusesStopAndPause() {
        task.stop();
        pump();
        assertEquals(List.of(), worker.work);
        TaskStopped e = assertThrows(TaskStopped.class, task::stop);
        assertTrue(e.getMessage().contains("STOPPED"), e.getMessage());
        assertThrows(TaskStopped.class, task::pause);
        pump();
        assertEquals(List.of(), worker.work);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void resumingAPausedStoppedTaskDoesNothing() {
        task.pause();
        task.stop();
        task.resume();
        pump();
        assertEquals(List.of(), worker.work);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void stoppingATaskWaitingOnADeferredEndsItGracefully() {
        worker.deferNext = true;
        pump();
        @SuppressWarnings("unchecked")
        Deferred<Object> d = (Deferred<Object>) worker.work.remove(0);
        List<Object> results = new ArrayList<>();
        d.addBoth(results::add);
        pump();
        task.stop();
        pump();
        d.callback(7);
        pump();
        // The cooperator consumed the Deferred's result: its callbacks see null.
        assertEquals(java.util.Collections.singletonList(null), results);
        assertEquals(List.of(), worker.work);
    }

    @Test
    void aFailureOfAYieldedDeferredAfterStopIsLeftInThatDeferred() {
        worker.deferNext = true;
        pump();
        @SuppressWarnings("unchecked")
        Deferred<Object> d = (Deferred<Object>) worker.work.remove(0);
        task.stop();
        d.errback(new IllegalStateException("late"));
        failureResultOf(d, IllegalStateException.class);
        assertEquals(CooperativeTask.State.STOPPED, task.state());
    }

    @Test
    void stoppingAnExhaustedTaskRaisesTaskDone() {
        worker.stopNext = true;
        pump();
        TaskDone e = assertThrows(TaskDone.class, task::stop);
        assertTrue(e.getMessage().contains("DONE"), e.getMessage());
        assertThrows(TaskDone.class, task::pause);
    }

    @Test
    void stoppingAFailedTaskRaisesTaskFailedCausedByTheFailure() {
        worker.dieNext = true;
        pump();
        TaskFailed e = assertThrows(TaskFailed.class, task::stop);
        assertInstanceOf(UnhandledException.class, e.getCause());
        assertThrows(TaskFailed.class, task::pause);
        failureResultOf(task.whenDone(), UnhandledException.class);
    }

    @Test
    void theTaskHasLeftTheCooperatorWhenItsWhenDoneCallbacksRun() {
        // Twisted's test_stopCooperatorReentrancy.
        List<Object> phases = new ArrayList<>();
        task.whenDone().addCallback(result -> {
            phases.add(result);
            cooperator.stop();
            phases.add("done");
            return null;
        });
        worker.stopNext = true;
        pump();
        assertEquals(List.of(worker, "done"), phases);
        assertSame(CooperativeTask.State.DONE, task.state());
    }

    @Test
    void toStringShowsTheStateAndPauses() {
        task.pause();
        assertTrue(task.toString().contains("ACTIVE"), task.toString());
        assertTrue(task.toString().contains("paused 1"), task.toString());
    }
}
