package io.torsion.internet;

import java.time.Duration;

/**
 * A call scheduled by {@link ReactorTime#callLater}: cancel it, move it, or ask about it (Twisted's
 * {@code IDelayedCall}).
 *
 * <p>Lifecycle: 1. pending (active) → 2a. called, or 2b. cancelled. Acting on a call that has
 * left the pending state throws {@link AlreadyCalled} or {@link AlreadyCancelled}.
 *
 * <p>Threading: the same as the {@link ReactorTime} that made it.
 */
public interface DelayedCall {
    /**
     * Returns when the call is due, in the seconds of its {@link ReactorTime}.
     *
     * @return the due time
     */
    double getTime();

    /**
     * Cancels the call so that it never runs.
     *
     * @throws AlreadyCalled if it has run
     * @throws AlreadyCancelled if it was cancelled
     */
    void cancel();

    /**
     * Moves the call later (or earlier, for a negative amount) by {@code secondsLater}.
     *
     * @param secondsLater how much to add to the due time
     * @throws AlreadyCalled if it has run
     * @throws AlreadyCancelled if it was cancelled
     */
    void delay(double secondsLater);

    /**
     * Reschedules the call to be due {@code secondsFromNow} after the current time.
     *
     * @param secondsFromNow the new delay from now
     * @throws AlreadyCalled if it has run
     * @throws AlreadyCancelled if it was cancelled
     */
    void reset(double secondsFromNow);

    /**
     * Reschedules the call to be due {@code fromNow} after the current time.
     *
     * @param fromNow the new delay from now
     * @throws AlreadyCalled if it has run
     * @throws AlreadyCancelled if it was cancelled
     */
    default void reset(Duration fromNow) {
        reset(ReactorTime.toSeconds(fromNow));
    }

    /**
     * Tells whether the call is still pending: neither run nor cancelled.
     *
     * @return true while pending
     */
    boolean active();
}
