package io.torsion.internet;

import java.time.Duration;

/**
 * How long the reactor's loop turns kept its thread busy: the longest an event arriving at the
 * worst moment waited before the loop could look at it. A healthy reactor shows figures well under
 * a millisecond; figures near a second mean some handler blocks (see the watchdog in
 * {@link ReactorOptions#withWatchdog}).
 *
 * <p>Threading: immutable.
 *
 * @param last the busy time of the last complete loop turn
 * @param max the longest busy time of a turn since the reactor started
 * @param turns how many turns the loop has completed
 */
public record LoopLag(Duration last, Duration max, long turns) {
}
