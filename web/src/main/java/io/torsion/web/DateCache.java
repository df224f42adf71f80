package io.torsion.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Formats a wall-clock time to the second, formatting again only when the second changes, as
 * nginx and Twisted do for the {@code Date} header and the access log: every response and log line
 * in the same second shares one string.
 *
 * <p>The caller passes the current time in milliseconds; the text is always that of the second
 * asked for (a clock stepped backwards gets the earlier second's text), never a stale one.
 *
 * <p>Threading: any thread. The cached value is one immutable object in a plain field: a thread
 * that sees an older value formats again and replaces it, which costs a little work and is
 * otherwise harmless (a {@link Site} may serve connections of several reactors).
 */
final class DateCache {
    private final DateTimeFormatter format;
    private Stamp last = new Stamp(Long.MIN_VALUE, "");

    private record Stamp(long second, String text) {
    }

    DateCache(DateTimeFormatter format) {
        this.format = format;
    }

    /** Returns the time {@code epochMillis}, to the second, in this cache's format. */
    String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp s = last;
        if (s.second() != second) {
            s = new Stamp(second, format.format(Instant.ofEpochSecond(second)));
            last = s;
        }
        return s.text();
    }
}
