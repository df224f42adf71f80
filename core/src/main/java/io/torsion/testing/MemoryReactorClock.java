package io.torsion.testing;

import io.torsion.internet.DelayedCall;
import io.torsion.internet.ReactorTime;
import io.torsion.task.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A {@link MemoryReactor} that also keeps fake time, for code that needs both TCP and timers
 * (Twisted's {@code twisted.internet.testing.MemoryReactorClock}). Time moves only when the test
 * calls {@link #advance(double)}.
 *
 * <p>Threading: not thread-safe; use it from the test's thread.
 */
public class MemoryReactorClock extends MemoryReactor implements ReactorTime {
    private final Clock clock = new Clock();

    /** Creates a reactor at time 0 with nothing recorded. */
    public MemoryReactorClock() {
    }

    @Override
    public double seconds() {
        return clock.seconds();
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable callable) {
        return clock.callLater(delaySeconds, callable);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return clock.getDelayedCalls();
    }

    /**
     * Moves time forward and runs the calls now due, as {@link Clock#advance(double)}.
     *
     * @param seconds how far
     */
    public void advance(double seconds) {
        clock.advance(seconds);
    }

    /**
     * Moves time forward and runs the calls now due, as {@link Clock#advance(Duration)}.
     *
     * @param amount how far
     */
    public void advance(Duration amount) {
        clock.advance(amount);
    }
}
