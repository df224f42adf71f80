package io.torsion.internet;

import io.torsion.defer.Deferred;
import java.util.concurrent.Callable;

/**
 * Runs and stops a reactor, and calls code at its startup and shutdown (Twisted's
 * {@code IReactorCore}).
 *
 * <p>Lifecycle, each step at most once per reactor:
 * <ol>
 *   <li>created: not running; triggers and {@link #callWhenRunning} calls may be added.</li>
 *   <li>{@link #run()}: the {@code STARTUP} event fires ({@code BEFORE} triggers; once the
 *       Deferreds they returned have fired, the reactor is running, then {@code DURING} and
 *       {@code AFTER} triggers, which include the {@code callWhenRunning} calls); the loop runs.</li>
 *   <li>{@link #stop()}: at the end of the current loop turn the {@code SHUTDOWN} event fires:
 *       {@code BEFORE} triggers run once; the loop keeps running until the Deferreds they returned
 *       have fired; then the reactor is no longer running, {@code DURING} and {@code AFTER} triggers
 *       run, and {@code run()} returns.</li>
 *   <li>stopped: {@code run()} throws {@link ReactorNotRestartable}, {@code stop()} throws
 *       {@link ReactorNotRunning}.</li>
 * </ol>
 *
 * <p>An exception thrown by a trigger is logged with its stack and the other triggers still run.
 * A failed Deferred returned by a {@code BEFORE} trigger is logged the same way and does not stop
 * the event.
 *
 * <p>Unlike Twisted, events are limited to {@link SystemEvent} (no user-defined event types and no
 * {@code fireSystemEvent}), and there is no {@code crash()} or {@code iterate()}.
 *
 * <p>Threading: reactor thread only, except {@link #isRunning()} (any thread). While the reactor is
 * not running, the thread that owns it (normally the one that will call {@code run()}) may use it.
 */
public interface ReactorCore {
    /**
     * The phase of a {@link SystemEvent} in which a trigger runs (Twisted's {@code "before"},
     * {@code "during"} and {@code "after"}).
     *
     * <p>Threading: immutable.
     */
    enum Phase {
        /** First; a trigger may return a Deferred that the event waits for. */
        BEFORE,
        /** While the event happens: the reactor's state changes just before these run. */
        DURING,
        /** Last. */
        AFTER
    }

    /**
     * The events of a reactor's life for which triggers may be added (Twisted's {@code "startup"}
     * and {@code "shutdown"}).
     *
     * <p>Threading: immutable.
     */
    enum SystemEvent {
        /** Fired by {@link #run()}. */
        STARTUP,
        /** Fired by {@link #stop()} at the end of the loop turn that called it. */
        SHUTDOWN
    }

    /**
     * Runs the event loop on the calling thread until the reactor has been stopped and its shutdown
     * triggers have run (Twisted's {@code reactor.run()}). The calling thread becomes the reactor
     * thread for that time.
     *
     * @throws ReactorAlreadyRunning if the reactor is running, on this or another thread
     * @throws ReactorNotRestartable if the reactor has already been stopped
     */
    void run();

    /**
     * Asks the reactor to stop (Twisted's {@code reactor.stop()}): the {@code SHUTDOWN} event fires
     * at the end of the current loop turn, not inside this call, and {@link #run()} returns once its
     * triggers are done. From another thread, use {@code callFromThread(reactor::stop)}.
     *
     * @throws ReactorNotRunning if the reactor has not been started, is already stopping (its
     *     shutdown triggers are pending), or has stopped, as in Twisted
     */
    void stop();

    /**
     * Tells whether the reactor is running: from the {@code DURING} phase of startup until the
     * {@code DURING} phase of shutdown (Twisted's {@code reactor.running}). It is still running
     * while {@code BEFORE} shutdown triggers are pending.
     *
     * @return true while running
     */
    boolean isRunning();

    /**
     * Runs {@code callable} now if the reactor is running, or else when it has started, as an
     * {@code AFTER STARTUP} trigger (Twisted's {@code callWhenRunning}). Calls added before
     * {@code run()} run in the order they were added. After the reactor has stopped, the call never
     * runs.
     *
     * @param callable what to run; when run now, what it throws propagates to the caller
     */
    void callWhenRunning(Runnable callable);

    /**
     * Adds a trigger to run in {@code phase} of {@code event} (Twisted's
     * {@code addSystemEventTrigger}). Triggers of a phase run in the order they were added; a
     * trigger added to a phase while that phase runs also runs in it.
     *
     * @param phase when, relative to the event
     * @param event which event
     * @param trigger what to run
     * @return the handle for {@link #removeSystemEventTrigger}
     */
    SystemEventTrigger addSystemEventTrigger(Phase phase, SystemEvent event, Runnable trigger);

    /**
     * Adds a trigger that returns a Deferred. In the {@code BEFORE} phase the event waits until
     * that Deferred has fired (for example, a before-shutdown trigger that closes connections
     * cleanly delays the shutdown until they are closed); in other phases the Deferred is ignored.
     * A trigger may return null to say there is nothing to wait for.
     *
     * <pre>{@code
     * reactor.addSystemEventTrigger(Phase.BEFORE, SystemEvent.SHUTDOWN, () -> server.closeAll());
     * }</pre>
     *
     * @param phase when, relative to the event
     * @param event which event
     * @param trigger what to run; what it throws is logged
     * @return the handle for {@link #removeSystemEventTrigger}
     */
    SystemEventTrigger addSystemEventTrigger(Phase phase, SystemEvent event,
            Callable<? extends Deferred<?>> trigger);

    /**
     * Removes a trigger so that it does not run (Twisted's {@code removeSystemEventTrigger}).
     *
     * @param trigger the handle returned when it was added
     * @throws IllegalArgumentException if the trigger was added to another reactor, was removed
     *     before, or has already run (where Twisted only warns about the last case)
     */
    void removeSystemEventTrigger(SystemEventTrigger trigger);
}
