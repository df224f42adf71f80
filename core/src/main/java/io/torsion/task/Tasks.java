package io.torsion.task;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorCore.Phase;
import io.torsion.internet.ReactorCore.SystemEvent;
import io.torsion.internet.ReactorNotRunning;
import io.torsion.internet.ReactorTime;
import io.torsion.internet.SelectorReactor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs a function after a delay and hands back its result as a {@link Deferred} (Twisted's
 * {@code twisted.internet.task.deferLater}); the static entry points of Twisted's
 * {@code twisted.internet.task} module live here, {@link #react react} among them.
 *
 * <pre>{@code
 * import static io.torsion.task.Tasks.deferLater;
 *
 * deferLater(reactor, Duration.ofSeconds(1), () -> "The future is now!")
 *         .addCallback(message -> { System.out.println(message); return null; });
 * }</pre>
 *
 * <p>Cancelling the returned Deferred before the delay has passed cancels the scheduled call, so
 * the function never runs, and fails the Deferred with
 * {@link io.torsion.defer.CancelledError CancelledError}. Cancelling it while it waits on a
 * Deferred that the function returned cancels that Deferred. Cancelling it after it has a result
 * does nothing.
 *
 * <p>Threading: reactor thread only (the thread of the {@link ReactorTime} given, which for a
 * {@link Clock} is the test's thread); the function and the Deferred's callbacks run there. The
 * {@code react} methods are called on the thread that is to run the reactor, before it runs.
 */
public final class Tasks {
    private static final System.Logger LOG = System.getLogger(Tasks.class.getName());

    private Tasks() {
    }

    /**
     * Calls {@code f} after {@code delaySeconds} and fires the returned Deferred with its result.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delaySeconds how long to wait, in seconds
     * @param f the function; whatever it throws becomes the Deferred's failure. If it returns a
     *     Deferred, use {@link #deferLaterDeferred(ReactorTime, double, Callable)} instead so that
     *     the types say what the Deferred carries
     * @param <T> the type of {@code f}'s result
     * @return a Deferred that fires with {@code f}'s result, or fails with what it threw or with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative or not a number
     * @throws NullPointerException if {@code clock} or {@code f} is null
     */
    public static <T> Deferred<T> deferLater(ReactorTime clock, double delaySeconds, Callable<? extends T> f) {
        Objects.requireNonNull(f, "f");
        return later(clock, delaySeconds).addCallback(ignored -> f.call());
    }

    /**
     * Calls {@code f} after {@code delay} and fires the returned Deferred with its result.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delay how long to wait
     * @param f the function; whatever it throws becomes the Deferred's failure
     * @param <T> the type of {@code f}'s result
     * @return a Deferred that fires with {@code f}'s result, or fails with what it threw or with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deferred<T> deferLater(ReactorTime clock, Duration delay, Callable<? extends T> f) {
        return deferLater(clock, ReactorTime.toSeconds(delay), f);
    }

    /**
     * Calls {@code f} after {@code delaySeconds} and fires the returned Deferred with the result of
     * the Deferred that {@code f} returns, once that one fires.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delaySeconds how long to wait, in seconds
     * @param f the function returning the Deferred to wait for; whatever it throws becomes the
     *     failure
     * @param <T> the type of the inner Deferred's result
     * @return a Deferred that fires with the inner Deferred's result, or fails with its failure,
     *     with what {@code f} threw, or with {@link io.torsion.defer.CancelledError CancelledError}
     * @throws IllegalArgumentException if the delay is negative or not a number
     * @throws NullPointerException if {@code clock} or {@code f} is null
     */
    public static <T> Deferred<T> deferLaterDeferred(ReactorTime clock, double delaySeconds,
            Callable<? extends Deferred<? extends T>> f) {
        Objects.requireNonNull(f, "f");
        return later(clock, delaySeconds).addCallbackDeferred(ignored -> f.call());
    }

    /**
     * Calls {@code f} after {@code delay} and fires the returned Deferred with the result of the
     * Deferred that {@code f} returns, once that one fires.
     *
     * @param clock schedules the call: the reactor, or a {@link Clock} in tests
     * @param delay how long to wait
     * @param f the function returning the Deferred to wait for
     * @param <T> the type of the inner Deferred's result
     * @return a Deferred that fires with the inner Deferred's result, or fails as
     *     {@link #deferLaterDeferred(ReactorTime, double, Callable)} says
     * @throws IllegalArgumentException if the delay is negative
     * @throws NullPointerException if an argument is null
     */
    public static <T> Deferred<T> deferLaterDeferred(ReactorTime clock, Duration delay,
            Callable<? extends Deferred<? extends T>> f) {
        return deferLaterDeferred(clock, ReactorTime.toSeconds(delay), f);
    }

    /**
     * Returns a Deferred that fires with {@code null} after {@code delaySeconds} (Twisted's
     * {@code deferLater} without a callable).
     *
     * @param clock schedules the firing
     * @param delaySeconds how long to wait, in seconds
     * @return a Deferred firing with null, or failing with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative or not a number
     * @throws NullPointerException if {@code clock} is null
     */
    public static Deferred<Void> deferLater(ReactorTime clock, double delaySeconds) {
        return later(clock, delaySeconds);
    }

    /**
     * Returns a Deferred that fires with {@code null} after {@code delay}.
     *
     * @param clock schedules the firing
     * @param delay how long to wait
     * @return a Deferred firing with null, or failing with
     *     {@link io.torsion.defer.CancelledError CancelledError} if cancelled first
     * @throws IllegalArgumentException if the delay is negative
     * @throws NullPointerException if an argument is null
     */
    public static Deferred<Void> deferLater(ReactorTime clock, Duration delay) {
        return later(clock, ReactorTime.toSeconds(delay));
    }

    // ---------------------------------------------------------------- react

    /**
     * A program's main function for {@link Tasks#react(MainFunction) react}: it starts the
     * program's work on the reactor it receives and returns a Deferred that fires when the work is
     * done.
     *
     * <p>Threading: called once, on the thread that then runs the reactor, before it runs.
     */
    @FunctionalInterface
    public interface MainFunction {
        /**
         * Starts the program's work.
         *
         * @param reactor the reactor that will run the work; not running yet
         * @return a Deferred that fires when the program is done; a failure sets the exit status
         * @throws Exception anything; it counts as a failure of the returned Deferred
         */
        Deferred<?> main(Reactor reactor) throws Exception;
    }

    /**
     * Runs {@code main} on the process-wide reactor until the Deferred it returns fires, then exits
     * the JVM with the status {@link #reactExitCode reactExitCode} describes (Twisted's
     * {@code twisted.internet.task.react}). The way to start a program that has a clear end, such
     * as a client or a one-off job:
     * <pre>{@code
     * public static void main(String[] args) {
     *     Tasks.react(reactor -> Tasks.deferLater(reactor, 1.0, () -> {
     *         System.out.println("done");
     *         return null;
     *     }));
     * }
     * }</pre>
     *
     * <p>The reactor is {@link SelectorReactor#getDefault()}, so Ctrl-C (SIGINT) or SIGTERM stops
     * it cleanly, its shutdown triggers included. The JVM then ends with the signal's own status
     * (130 or 143 on Unix), because it is already exiting; unlike Twisted, which exits with 0.
     *
     * @param main starts the program and returns the Deferred to wait for
     * @throws io.torsion.internet.ReactorAlreadyRunning if the default reactor is already running
     * @throws io.torsion.internet.ReactorNotRestartable if the default reactor has already run
     * @throws NullPointerException if {@code main} is null
     */
    public static void react(MainFunction main) {
        react(main, SelectorReactor.getDefault());
    }

    /**
     * Runs {@code main} on {@code reactor} until the Deferred it returns fires, then exits the JVM
     * with the status {@link #reactExitCode reactExitCode} describes.
     *
     * @param main starts the program and returns the Deferred to wait for
     * @param reactor the reactor to run; one that has not run yet
     * @throws io.torsion.internet.ReactorAlreadyRunning if the reactor is already running
     * @throws io.torsion.internet.ReactorNotRestartable if the reactor has already run
     * @throws NullPointerException if an argument is null
     */
    public static void react(MainFunction main, Reactor reactor) {
        System.exit(reactExitCode(main, reactor));
    }

    /**
     * Runs {@code main} on {@code reactor} until the Deferred it returns fires, stops the reactor
     * and returns the exit status the program should end with; {@link #react react} without the
     * exit, so that it can be tested in one JVM. Step by step:
     * <ol>
     *   <li>{@code main} is called on this thread, with the reactor not running yet.</li>
     *   <li>The reactor runs on this thread.</li>
     *   <li>When the Deferred fires, the reactor is stopped: at once if it is running, or as soon as
     *       it has started if the Deferred fired before (for example, {@code main} returned a fired
     *       Deferred). If the reactor is already stopping, because {@code main}'s code or a signal
     *       stopped it, it is left to finish, and {@code stop()} is never called twice.</li>
     *   <li>Once the shutdown triggers have run and {@code run()} has returned, the status is
     *       returned.</li>
     * </ol>
     *
     * <p>The status is 0 when the Deferred succeeded, or when it had not fired by the time the
     * reactor stopped. When it failed with a {@link SystemExit}, the status is that
     * exception's {@link SystemExit#code() code}. On any other failure the status is 1 and the
     * failure is logged with its stack (logger {@code io.torsion.task.Tasks}, level ERROR). A
     * Deferred that fails while the reactor shuts down still sets the status. What {@code main}
     * throws counts as a failure of its Deferred, and so does returning null. The failure is
     * handled here: it is never reported as an unhandled failure as well.
     *
     * <p>Unlike Twisted's, the main function takes no argument list: a lambda captures what it
     * needs.
     *
     * @param main starts the program and returns the Deferred to wait for
     * @param reactor the reactor to run; one that has not run yet
     * @return the exit status: 0, 1 or a {@code SystemExit}'s code
     * @throws io.torsion.internet.ReactorAlreadyRunning if the reactor is already running
     * @throws io.torsion.internet.ReactorNotRestartable if the reactor has already run ({@code main}
     *     has been called by then)
     * @throws NullPointerException if an argument is null
     */
    public static int reactExitCode(MainFunction main, Reactor reactor) {
        return reactExitCode(main, reactor, LOG);
    }

    /** As {@link #reactExitCode(MainFunction, Reactor)}, logging a failure to {@code log}. */
    static int reactExitCode(MainFunction main, Reactor reactor, System.Logger log) {
        Objects.requireNonNull(main, "main");
        Reaction reaction = new Reaction(Objects.requireNonNull(reactor, "reactor"), log);
        Deferred<?> finished = callMain(main, reactor);
        reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, reaction::shutdownStarted);
        finished.addBoth(reaction::finished);
        reactor.run();
        return reaction.code;
    }

    private static Deferred<?> callMain(MainFunction main, Reactor reactor) {
        Deferred<?> d;
        try {
            d = main.main(reactor);
        } catch (Throwable t) {
            // As maybeDeferred and every callback: what user code throws becomes a Failure.
            return Deferred.fail(t);
        }
        if (d == null) {
            return Deferred.fail(new NullPointerException("the main function returned null, not a Deferred"));
        }
        return d;
    }

    /** The state of one react run: whether shutdown has begun, and the exit status so far. */
    private static final class Reaction {
        private final Reactor reactor;
        private final System.Logger log;
        private boolean stopping;
        int code;

        Reaction(Reactor reactor, System.Logger log) {
            this.reactor = reactor;
            this.log = log;
        }

        void shutdownStarted() {
            stopping = true;
        }

        Object finished(Object result) {
            if (stopping) {
                record(result);
            } else {
                // Runs now if the reactor is running, else once it has started.
                reactor.callWhenRunning(() -> {
                    stopReactor();
                    record(result);
                });
            }
            // The failure, if any, ends here: it has been logged or turned into the status.
            return null;
        }

        private void stopReactor() {
            try {
                reactor.stop();
            } catch (ReactorNotRunning alreadyStopping) {
                // Already stopping, though our before-shutdown trigger has not run: stop() was
                // called earlier in this turn, or a trigger ahead of ours fired the Deferred. The
                // shutdown under way is the one we wanted.
            }
        }

        private void record(Object result) {
            if (result instanceof Failure failure) {
                if (failure.value() instanceof SystemExit exit) {
                    code = exit.code();
                } else {
                    log.log(System.Logger.Level.ERROR, "main function encountered error", failure.value());
                    code = 1;
                }
            }
        }
    }

    private static Deferred<Void> later(ReactorTime clock, double delaySeconds) {
        Objects.requireNonNull(clock, "clock");
        DelayedCall[] call = new DelayedCall[1];
        // The canceller runs only while the Deferred is unfired, that is while the call is pending;
        // it does not fire the Deferred, so cancel() goes on to fail it with CancelledError.
        Deferred<Void> d = new Deferred<>(self -> call[0].cancel());
        call[0] = clock.callLater(delaySeconds, () -> d.callback(null));
        return d;
    }
}
