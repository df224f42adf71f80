package io.torsion.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Draws {@code torsion get}'s progress as one terminal line, redrawn in place with a carriage
 * return and cleared before a result line is printed, so the results scroll up above it.
 *
 * <p>Only for a terminal: the caller decides ({@code System.console() != null}); written to a pipe
 * or file the carriage returns would be noise.
 *
 * <p>Threading: reactor thread only.
 */
final class StatusLine {
    /** Longer lines are cut, so that the line never wraps on an 80-column terminal. */
    static final int WIDTH = 79;

    private final PrintWriter out;
    private int drawn;

    StatusLine(PrintWriter out) {
        this.out = out;
    }

    /**
     * Replaces the line with {@link #render} of {@code running}, or clears it if nothing runs.
     *
     * @param running the downloads still in progress
     */
    void draw(List<Download> running) {
        String text = running.isEmpty() ? "" : render(running);
        StringBuilder line = new StringBuilder("\r").append(text);
        // Blank what is left of a longer previous line.
        line.append(" ".repeat(Math.max(0, drawn - text.length())));
        out.print(line);
        out.flush();
        drawn = text.length();
    }

    /** Blanks the line and puts the cursor at its start; does nothing if nothing is drawn. */
    void clear() {
        if (drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            out.flush();
            drawn = 0;
        }
    }

    /**
     * Describes the running downloads, e.g. {@code big.iso 1.5 MiB 12% | notes.txt 300 B}.
     *
     * @param running the downloads still in progress, not empty
     * @return the text, at most {@link #WIDTH} characters
     */
    static String render(List<Download> running) {
        StringBuilder text = new StringBuilder();
        for (Download d : running) {
            if (text.length() > 0) {
                text.append(" | ");
            }
            text.append(SaveNames.lastSegment(d.url())).append(' ').append(size(d.received()));
            OptionalLong length = d.length();
            if (length.isPresent() && length.getAsLong() > 0) {
                text.append(' ').append(Math.min(100, d.received() * 100 / length.getAsLong())).append('%');
            }
        }
        return text.length() <= WIDTH ? text.toString() : text.substring(0, WIDTH - 3) + "...";
    }

    /** A byte count in B, KiB, MiB or GiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
