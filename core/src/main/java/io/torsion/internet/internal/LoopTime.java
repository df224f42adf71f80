package io.torsion.internet.internal;

/**
 * The time base of event loops: nanoseconds from {@link System#nanoTime()} since a process-wide
 * origin, so that the seconds of all reactors are comparable and small, and due times never
 * overflow.
 *
 * <p>Threading: stateless; any thread.
 */
final class LoopTime {
    private static final long ORIGIN = System.nanoTime();
    /** Delays are capped so that due times never overflow (about 73 years). */
    static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

    private LoopTime() {
    }

    /** Returns the time in nanoseconds since the origin. */
    static long nanos() {
        return System.nanoTime() - ORIGIN;
    }

    static double toSeconds(long nanos) {
        return nanos / 1e9;
    }

    /** Converts seconds to nanoseconds, rounding up (a call never runs early) and capping. */
    static long toNanos(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("time must be a number of seconds, got NaN");
        }
        double n = Math.ceil(seconds * 1e9);
        if (n >= MAX_DELAY_NANOS) {
            return MAX_DELAY_NANOS;
        }
        return n <= -MAX_DELAY_NANOS ? -MAX_DELAY_NANOS : (long) n;
    }

    /** Adds a delay to a time, capping the sum (both are within the caps, so it cannot overflow). */
    static long plus(long time, long delta) {
        long sum = time + delta;
        return sum > MAX_DELAY_NANOS ? MAX_DELAY_NANOS : Math.max(sum, -MAX_DELAY_NANOS);
    }
}
