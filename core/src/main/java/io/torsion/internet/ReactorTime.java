package io.torsion.internet;

import java.time.Duration;
import java.util.List;

/**
 * Schedules work at a later time (Twisted's {@code IReactorTime}). Implemented by the real reactor
 * and by {@link io.torsion.task.Clock}, the fake time used in tests, so that code depending on this
 * narrow interface can be tested without waiting.
 *
 * <p>Calls due at the same time run in the order they were scheduled.
 *
 * <p>Threading: an implementation says; the reactor's is reactor thread only.
 */
public interface ReactorTime {
    /**
     * Returns the current time of this scheduler in seconds, as used by {@link DelayedCall#getTime}.
     *
     * @return the time in seconds; only differences between two readings are meaningful
     */
    double seconds();

    /**
     * Schedules {@code callable} to run after {@code delaySeconds}.
     *
     * @param delaySeconds how long to wait, in seconds; zero runs it at the next opportunity
     * @param callable what to run
     * @return the handle for cancelling or moving the call
     * @throws IllegalArgumentException if the delay is negative or not a number
     */
    DelayedCall callLater(double delaySeconds, Runnable callable);

    /**
     * Schedules {@code callable} to run after {@code delay}.
     *
     * @param delay how long to wait
     * @param callable what to run
     * @return the handle for cancelling or moving the call
     * @throws IllegalArgumentException if the delay is negative
     */
    default DelayedCall callLater(Duration delay, Runnable callable) {
        return callLater(toSeconds(delay), callable);
    }

    /**
     * Returns the calls scheduled and not yet run or cancelled.
     *
     * @return a snapshot, in no promised order
     */
    List<DelayedCall> getDelayedCalls();

    /**
     * Converts a duration to seconds as a double, the unit of this interface.
     *
     * @param delay the duration
     * @return its length in seconds
     */
    static double toSeconds(Duration delay) {
        return delay.getSeconds() + delay.getNano() / 1e9;
    }
}
