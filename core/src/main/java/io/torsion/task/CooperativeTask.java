package io.torsion.task;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One iterator being worked through by a {@link Cooperator}, one item at a time, which the caller
 * can pause, resume, stop and wait for (Twisted's {@code twisted.internet.task.CooperativeTask}).
 * Created by {@link Cooperator#cooperate}.
 *
 * <p>Each unit of work asks the iterator for its next item ({@code hasNext()} then {@code next()}).
 * An item that is a {@link Deferred} pauses the task until that Deferred fires: with a result, the
 * task resumes (the result is consumed: the Deferred carries {@code null} afterwards); with a
 * failure, the task fails with it.
 *
 * <p>Lifecycle, enforced by {@link State}:
 * <ol>
 *   <li>{@link State#ACTIVE}: the task gets units of work whenever it is not paused. Pauses nest:
 *       each {@link #pause()} needs its {@link #resume()}, and waiting on a yielded Deferred counts
 *       as one pause.</li>
 *   <li>It finishes exactly once, and the {@link #whenDone()} Deferreds fire:
 *       {@link State#DONE} when the iterator is exhausted (they fire with the iterator),
 *       {@link State#FAILED} when it throws or a yielded Deferred fails (they fail with that),
 *       {@link State#STOPPED} by {@link #stop()} (they fail with {@link TaskStopped}),
 *       {@link State#SCHEDULER_STOPPED} when the cooperator is stopped (they fail with
 *       {@link SchedulerStopped}).</li>
 *   <li>Finished, {@link #pause()} and {@link #stop()} throw the error matching how it finished:
 *       {@link TaskDone}, {@link TaskFailed}, {@link TaskStopped} or {@link SchedulerStopped}.
 *       {@link #resume()} still undoes a pause, but no work is ever done again.</li>
 * </ol>
 * The task has already left its cooperator when its {@code whenDone} Deferreds fire, so their
 * callbacks may stop the cooperator or start other tasks.
 *
 * <p>Threading: reactor thread only (the thread that drives its {@link Cooperator}).
 *
 * @param <I> the type of the iterator, which {@link #whenDone()} hands back
 */
public final class CooperativeTask<I extends Iterator<?>> {
    /**
     * Where a {@link CooperativeTask} is in its lifecycle; all but {@link #ACTIVE} are final.
     *
     * <p>Threading: immutable.
     */
    public enum State {
        /** Working, or paused: not finished. */
        ACTIVE,
        /** The iterator was exhausted. */
        DONE,
        /** {@link CooperativeTask#stop()} was called. */
        STOPPED,
        /** The iterator threw, or a Deferred it yielded failed. */
        FAILED,
        /** Its {@link Cooperator} was stopped, or was already stopped when the task was added. */
        SCHEDULER_STOPPED
    }

    private final I iterator;
    private final Cooperator cooperator;
    private final List<Deferred<I>> whenDone = new ArrayList<>();
    private State state = State.ACTIVE;
    private int pauseCount;
    /** Once finished: the iterator (DONE) or the Failure the whenDone Deferreds fire with. */
    private Object completionResult;

    CooperativeTask(I iterator, Cooperator cooperator) {
        this.iterator = iterator;
        this.cooperator = cooperator;
    }

    /**
     * Returns a new Deferred that fires when this task finishes (Twisted's {@code whenDone}). Each
     * call returns a new Deferred, so callbacks added to one do not change what another fires
     * with.
     *
     * @return a Deferred that fires with the iterator once it is exhausted; fails with what the
     *     iterator threw or the failure of a Deferred it yielded, with {@link TaskStopped} after
     *     {@link #stop()}, or with {@link SchedulerStopped} when the cooperator stops. Fired
     *     already if the task has finished.
     */
    public Deferred<I> whenDone() {
        Deferred<I> d = new Deferred<>();
        if (state == State.ACTIVE) {
            whenDone.add(d);
        } else {
            fire(d);
        }
        return d;
    }

    /**
     * Stops giving this task work until a matching {@link #resume()} (Twisted's {@code pause}).
     * Pauses nest.
     *
     * @throws TaskFinished if the task has finished ({@link TaskDone}, {@link TaskStopped} or
     *     {@link TaskFailed})
     * @throws SchedulerStopped if it finished because its cooperator stopped
     */
    public void pause() {
        checkActive("pause");
        pauseCount++;
        if (pauseCount == 1) {
            cooperator.removeTask(this);
        }
    }

    /**
     * Undoes one {@link #pause()}; when none is left and the task has not finished, it gets work
     * again from the cooperator's next step on (Twisted's {@code resume}). Resuming does no work by
     * itself.
     *
     * @throws NotPaused if the task is not paused
     */
    public void resume() {
        if (pauseCount == 0) {
            throw new NotPaused("cannot resume a CooperativeTask that is not paused (state " + state + ")");
        }
        pauseCount--;
        if (pauseCount == 0 && state == State.ACTIVE) {
            cooperator.addTask(this);
        }
    }

    /**
     * Finishes this task now: its iterator gets no more work and its {@link #whenDone()} Deferreds
     * fail with {@link TaskStopped} (Twisted's {@code stop}).
     *
     * @throws TaskFinished if the task has already finished ({@link TaskDone}, {@link TaskStopped}
     *     or {@link TaskFailed})
     * @throws SchedulerStopped if it finished because its cooperator stopped
     */
    public void stop() {
        checkActive("stop");
        completeWith(State.STOPPED, new Failure(new TaskStopped("the CooperativeTask was stopped")));
    }

    /**
     * Returns where this task is in its lifecycle.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Tells whether this task is paused, by {@link #pause()} or while waiting on a Deferred its
     * iterator yielded.
     *
     * @return true while at least one pause is not undone
     */
    public boolean isPaused() {
        return pauseCount > 0;
    }

    @Override
    public String toString() {
        return "CooperativeTask<" + state + (pauseCount > 0 ? " paused " + pauseCount : "") + ">(" + iterator + ")";
    }

    /** Does one unit of work: takes one item; a Deferred item pauses the task until it fires. */
    void oneWorkUnit() {
        Object item;
        try {
            if (!iterator.hasNext()) {
                completeWith(State.DONE, iterator);
                return;
            }
            item = iterator.next();
        } catch (Throwable t) {
            // User code's failure becomes the task's result, as a callback's would in a Deferred.
            completeWith(State.FAILED, new Failure(t));
            return;
        }
        if (item instanceof Deferred<?> waitFor) {
            pause();
            waitFor.addCallbacks(result -> {
                resume();
                return null;
            }, failure -> {
                if (state != State.ACTIVE) {
                    // Finished meanwhile (stopped): nobody waits for this failure here, so leave it
                    // in the Deferred, where the unhandled-failure report shows it.
                    return failure;
                }
                completeWith(State.FAILED, failure);
                return null;
            });
        }
    }

    /** Finishes the task: leaves the cooperator first, then fires the whenDone Deferreds. */
    void completeWith(State finalState, Object result) {
        state = finalState;
        completionResult = result;
        cooperator.removeTask(this);
        cooperator.forget(this);
        List<Deferred<I>> toFire = new ArrayList<>(whenDone);
        whenDone.clear();
        for (Deferred<I> d : toFire) {
            fire(d);
        }
    }

    @SuppressWarnings("unchecked")
    private void fire(Deferred<I> d) {
        if (completionResult instanceof Failure failure) {
            d.errback(failure);
        } else {
            d.callback((I) completionResult);
        }
    }

    private void checkActive(String action) {
        String message = "cannot " + action + " a CooperativeTask that is " + state;
        switch (state) {
            case ACTIVE -> { }
            case DONE -> throw new TaskDone(message + ": its iterator was exhausted");
            case STOPPED -> throw new TaskStopped(message + ": it was stopped");
            case FAILED -> {
                TaskFailed error = new TaskFailed(message + ": its iterator failed");
                error.initCause(((Failure) completionResult).value());
                throw error;
            }
            case SCHEDULER_STOPPED -> throw new SchedulerStopped(message + ": its Cooperator was stopped");
        }
    }
}
