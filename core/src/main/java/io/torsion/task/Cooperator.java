package io.torsion.task;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Works through long-running iterators a little at a time, so that the reactor thread stays free
 * for other events (Twisted's {@code twisted.internet.task.Cooperator}, with {@code coiterate} and
 * {@code cooperate}).
 *
 * <p>Each item an iterator produces is one unit of work. At each step, scheduled through the
 * {@link Scheduler}, the cooperator gives units to its tasks in turn (round robin, carrying on
 * across steps where the previous step stopped) until the termination predicate says the step has
 * had its share of time, by default {@link #DEFAULT_TIME_SLICE} of wall-clock time. An iterator
 * that yields a {@link Deferred} is paused until that Deferred fires, while the others go on; this
 * also serialises a sequence of asynchronous operations.
 *
 * <pre>{@code
 * Cooperator cooperator = new Cooperator(reactor);
 * Iterator<Void> work = rows.stream().map(row -> { process(row); return (Void) null; }).iterator();
 * cooperator.coiterate(work).addCallback(done -> { log("all rows processed"); return null; });
 * }</pre>
 *
 * <p>Lifecycle, enforced by {@link State}: 1. {@link State#NOT_STARTED} (only if
 * {@link Settings#started()} is false): tasks are accepted and wait. 2. {@link State#RUNNING}: steps
 * are scheduled while there is work. 3. {@link State#STOPPED}: every unfinished task, paused ones
 * included, fails with {@link SchedulerStopped}, and so does every task added later. {@link #start()}
 * leads from 1 or 3 to 2; like Twisted's, {@code start} and {@code stop} are idempotent.
 *
 * <p>Where Torsion differs from Twisted: {@link #stop()} also fails paused tasks (Twisted fails
 * them only once they are resumed, which may be never); there is no process-wide cooperator yet
 * (Twisted's module-level {@code coiterate} and {@code cooperate}), since it needs the default
 * reactor. As in Twisted, cancelling the Deferred that {@link #coiterate} returns does not stop
 * the iteration; use {@link CooperativeTask#stop()}.
 *
 * <p>Threading: reactor thread only (the thread of its scheduler; for a {@link Clock}, the test's
 * thread). The iterators run there.
 */
public final class Cooperator {
    /** How long one step may work before yielding, by default (Twisted's {@code _Timer.MAX_SLICE}). */
    public static final Duration DEFAULT_TIME_SLICE = Duration.ofMillis(10);

    /** The delay, in seconds, with which the default scheduler schedules steps (Twisted's {@code _EPSILON}). */
    public static final double DEFAULT_STEP_DELAY = 0.00000001;

    /**
     * Schedules one step of a {@link Cooperator} (Twisted's {@code scheduler} argument).
     *
     * <p>Threading: called on the cooperator's thread.
     */
    @FunctionalInterface
    public interface Scheduler {
        /**
         * Arranges for {@code step} to run once, later, on this thread.
         *
         * @param step the step to run
         * @return the handle with which the cooperator cancels the step when it runs out of work
         */
        DelayedCall schedule(Runnable step);
    }

    /**
     * The settings of a {@link Cooperator}: how steps are scheduled, when a step ends, and whether
     * it starts at once (Twisted's constructor arguments {@code scheduler},
     * {@code terminationPredicateFactory} and {@code started}).
     *
     * <pre>{@code
     * // In a test: one step per clock.advance(1), one unit of work per step.
     * Cooperator.Settings settings = Cooperator.Settings.forClock(clock)
     *         .withScheduler(step -> clock.callLater(1, step))
     *         .withTerminationPredicateFactory(() -> () -> true);
     * }</pre>
     *
     * <p>Threading: immutable.
     *
     * @param scheduler schedules each step
     * @param terminationPredicateFactory called at the start of each step; the predicate it returns
     *     is asked after each unit of work whether the step should end (the first unit always runs)
     * @param started whether steps are scheduled from the start, or only after {@link #start()}
     */
    public record Settings(Scheduler scheduler, Supplier<BooleanSupplier> terminationPredicateFactory,
            boolean started) {
        /**
         * Checks the settings.
         *
         * @param scheduler schedules each step
         * @param terminationPredicateFactory makes the predicate that ends each step
         * @param started whether steps are scheduled before {@link Cooperator#start()}
         * @throws NullPointerException if the scheduler or the factory is null
         */
        public Settings {
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(terminationPredicateFactory, "terminationPredicateFactory");
        }

        /**
         * Returns Twisted's defaults on {@code clock}: steps scheduled with
         * {@link #DEFAULT_STEP_DELAY}, each ending after {@link #DEFAULT_TIME_SLICE} of wall-clock
         * time, started.
         *
         * @param clock schedules the steps: the reactor, or a {@link Clock} in tests
         * @return the default settings
         * @throws NullPointerException if {@code clock} is null
         */
        public static Settings forClock(ReactorTime clock) {
            Objects.requireNonNull(clock, "clock");
            return new Settings(step -> clock.callLater(DEFAULT_STEP_DELAY, step), timeSlice(DEFAULT_TIME_SLICE), true);
        }

        /**
         * Returns these settings with another scheduler.
         *
         * @param newScheduler schedules each step
         * @return new settings
         */
        public Settings withScheduler(Scheduler newScheduler) {
            return new Settings(newScheduler, terminationPredicateFactory, started);
        }

        /**
         * Returns these settings with another termination predicate factory.
         *
         * @param factory called at the start of each step for the predicate that ends it
         * @return new settings
         */
        public Settings withTerminationPredicateFactory(Supplier<BooleanSupplier> factory) {
            return new Settings(scheduler, factory, started);
        }

        /**
         * Returns these settings with another choice of starting.
         *
         * @param startAtOnce whether steps are scheduled before {@link Cooperator#start()}
         * @return new settings
         */
        public Settings withStarted(boolean startAtOnce) {
            return new Settings(scheduler, terminationPredicateFactory, startAtOnce);
        }
    }

    /**
     * Whether a {@link Cooperator} schedules work.
     *
     * <p>Threading: immutable.
     */
    public enum State {
        /** Created with {@code started} false: tasks wait for {@link Cooperator#start()}. */
        NOT_STARTED,
        /** Steps are scheduled while there is work. */
        RUNNING,
        /** Stopped: tasks added fail with {@link SchedulerStopped} until {@link Cooperator#start()}. */
        STOPPED
    }

    private final Settings settings;
    private State state;
    /** The tasks that get work: unfinished and not paused, in round-robin order. */
    private final List<CooperativeTask<?>> active = new ArrayList<>();
    /** Index in {@code active} of the task that gets the next unit of work. */
    private int cursor;
    /** Every unfinished task, paused or not, so that stop() reaches them all. */
    private final Set<CooperativeTask<?>> unfinished = new LinkedHashSet<>();
    private DelayedCall step;

    /**
     * Creates a running cooperator with Twisted's defaults on {@code clock} (see
     * {@link Settings#forClock}).
     *
     * @param clock schedules the steps: the reactor, or a {@link Clock} in tests
     * @throws NullPointerException if {@code clock} is null
     */
    public Cooperator(ReactorTime clock) {
        this(Settings.forClock(clock));
    }

    /**
     * Creates a cooperator with the given settings.
     *
     * @param settings the scheduler, termination predicate factory and whether started
     * @throws NullPointerException if {@code settings} is null
     */
    public Cooperator(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.state = settings.started() ? State.RUNNING : State.NOT_STARTED;
    }

    /**
     * Returns a predicate factory that ends each step once {@code slice} of wall-clock time has
     * passed since it began (Twisted's {@code _Timer}).
     *
     * @param slice how long a step may work
     * @return the factory, for {@link Settings#withTerminationPredicateFactory}
     * @throws NullPointerException if {@code slice} is null
     */
    public static Supplier<BooleanSupplier> timeSlice(Duration slice) {
        return timeSlice(slice, System::nanoTime);
    }

    /** As {@link #timeSlice(Duration)}, reading the time from {@code nanoTime} (for tests). */
    static Supplier<BooleanSupplier> timeSlice(Duration slice, LongSupplier nanoTime) {
        long nanos = slice.toNanos();
        return () -> {
            long end = nanoTime.getAsLong() + nanos;
            return () -> nanoTime.getAsLong() - end >= 0;
        };
    }

    /**
     * Works through {@code iterator} as a new task and returns a Deferred for its end (Twisted's
     * {@code coiterate}); the same as {@code cooperate(iterator).whenDone()}.
     *
     * @param iterator the work; each item is a unit, and a {@link Deferred} item makes the task wait
     *     for it
     * @param <I> the type of the iterator
     * @return a Deferred that fires with {@code iterator} once it is exhausted, or fails as
     *     {@link CooperativeTask#whenDone()} says (at once with {@link SchedulerStopped} if this
     *     cooperator is stopped). Cancelling it does not stop the task.
     * @throws NullPointerException if {@code iterator} is null
     */
    public <I extends Iterator<?>> Deferred<I> coiterate(I iterator) {
        return cooperate(iterator).whenDone();
    }

    /**
     * Works through {@code iterator} as a new task that the caller can pause, resume, stop and wait
     * for (Twisted's {@code cooperate}). No work is done before the next step.
     *
     * @param iterator the work; each item is a unit, and a {@link Deferred} item makes the task wait
     *     for it
     * @param <I> the type of the iterator
     * @return the task; already finished with {@link SchedulerStopped} if this cooperator is stopped
     * @throws NullPointerException if {@code iterator} is null
     */
    public <I extends Iterator<?>> CooperativeTask<I> cooperate(I iterator) {
        CooperativeTask<I> task = new CooperativeTask<>(Objects.requireNonNull(iterator, "iterator"), this);
        unfinished.add(task);
        addTask(task);
        return task;
    }

    /**
     * Starts scheduling steps, and so running the tasks waiting (Twisted's {@code start}). Does
     * nothing if already running; after {@link #stop()}, new tasks are accepted again.
     */
    public void start() {
        state = State.RUNNING;
        reschedule();
    }

    /**
     * Stops this cooperator (Twisted's {@code stop}): every unfinished task, paused or not, finishes
     * with {@link CooperativeTask.State#SCHEDULER_STOPPED} and its {@code whenDone} Deferreds fail
     * with {@link SchedulerStopped}; the scheduled step is cancelled; tasks added until the next
     * {@link #start()} fail at once. Stopping a stopped cooperator does nothing more.
     */
    public void stop() {
        state = State.STOPPED;
        List<CooperativeTask<?>> toStop = new ArrayList<>(unfinished);
        active.clear();
        cursor = 0;
        cancelStep();
        for (CooperativeTask<?> task : toStop) {
            // A whenDone callback of an earlier task may have finished this one already.
            if (task.state() == CooperativeTask.State.ACTIVE) {
                task.completeWith(CooperativeTask.State.SCHEDULER_STOPPED, schedulerStopped());
            }
        }
    }

    /**
     * Tells whether this cooperator is running: started and not stopped (Twisted's {@code running}).
     *
     * @return true while {@link State#RUNNING}
     */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Returns whether this cooperator schedules work.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    @Override
    public String toString() {
        return "Cooperator<" + state + ", " + unfinished.size() + " unfinished tasks>";
    }

    // ------------------------------------------------------------------ used by CooperativeTask

    /** Makes {@code task} get work: a new task, or one resumed. */
    void addTask(CooperativeTask<?> task) {
        if (state == State.STOPPED) {
            task.completeWith(CooperativeTask.State.SCHEDULER_STOPPED, schedulerStopped());
            return;
        }
        active.add(task);
        reschedule();
    }

    /** Stops giving {@code task} work (paused or finished); cancels the step if no work is left. */
    void removeTask(CooperativeTask<?> task) {
        int index = indexOf(task);
        if (index < 0) {
            return; // paused already, or finished while waiting on a Deferred
        }
        active.remove(index);
        if (index < cursor) {
            cursor--;
        }
        if (active.isEmpty()) {
            cancelStep();
        }
    }

    /** Forgets a finished task. */
    void forget(CooperativeTask<?> task) {
        unfinished.remove(task);
    }

    // ------------------------------------------------------------------ steps

    private void tick() {
        step = null;
        BooleanSupplier terminated = settings.terminationPredicateFactory().get();
        while (!active.isEmpty()) {
            if (cursor >= active.size()) {
                cursor = 0;
            }
            CooperativeTask<?> task = active.get(cursor++);
            task.oneWorkUnit();
            if (terminated.getAsBoolean()) {
                break;
            }
        }
        reschedule();
    }

    private void reschedule() {
        if (state == State.RUNNING && step == null && !active.isEmpty()) {
            step = settings.scheduler().schedule(this::tick);
        }
    }

    private void cancelStep() {
        if (step != null) {
            DelayedCall pending = step;
            step = null;
            pending.cancel();
        }
    }

    private int indexOf(CooperativeTask<?> task) {
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i) == task) {
                return i;
            }
        }
        return -1;
    }

    private static Failure schedulerStopped() {
        return new Failure(new SchedulerStopped("the Cooperator was stopped"));
    }
}
