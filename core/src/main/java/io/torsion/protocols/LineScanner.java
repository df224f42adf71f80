package io.torsion.protocols;

import java.util.Arrays;

/**
 * Cuts buffered input into delimited lines, resuming the delimiter search where the last one
 * stopped and enforcing the line length limit while it searches.
 *
 * <p>The limit rule is Twisted's: a line of at most {@code maxLength} bytes (delimiter excluded)
 * is accepted; an unterminated buffer is too long once it holds {@code maxLength + delimiter
 * length} bytes, because no line can then end within the limit. So with a limit of 3,
 * {@code "xyz\r"} followed by {@code "\n"} is the line {@code "xyz"}.
 *
 * <p>Threading: reactor thread only.
 */
final class LineScanner {
    /** What {@link #next} found. */
    sealed interface Scan permits Line, Incomplete, TooLong {
    }

    /** A complete line, delimiter removed. */
    record Line(byte[] line) implements Scan {
    }

    /** No complete line yet; more bytes are needed. */
    record Incomplete() implements Scan {
    }

    /** The line at the front is too long; {@code rest} is the whole buffer, which is now empty. */
    record TooLong(byte[] rest) implements Scan {
    }

    private static final Incomplete INCOMPLETE = new Incomplete();

    private final InputBuffer buffer = new InputBuffer();
    // Invariant: no delimiter starts before index `scanned` of the buffer (for `scannedFor`).
    private int scanned;
    private byte[] scannedFor = new byte[0];
    private long positionsExamined;

    void append(byte[] data) {
        buffer.append(data);
    }

    boolean isEmpty() {
        return buffer.isEmpty();
    }

    byte[] takeAll() {
        scanned = 0;
        return buffer.takeAll();
    }

    /** Counts delimiter-search positions examined since creation: a test proves it linear. */
    long positionsExamined() {
        return positionsExamined;
    }

    Scan next(byte[] delimiter, int maxLength) {
        if (delimiter.length == 0) {
            throw new IllegalStateException("the line delimiter is empty");
        }
        if (!Arrays.equals(delimiter, scannedFor)) {
            scannedFor = delimiter.clone(); // the protocol changed its delimiter: what we know is void
            scanned = 0;
        }
        int size = buffer.size();
        // A delimiter starting at index i ends a line of i bytes: search only where i <= maxLength.
        long lastStart = Math.min((long) size - delimiter.length, maxLength);
        for (int i = scanned; i <= lastStart; i++) {
            positionsExamined++;
            if (buffer.matchesAt(i, delimiter)) {
                byte[] line = buffer.take(i);
                buffer.skip(delimiter.length);
                scanned = 0;
                return new Line(line);
            }
        }
        if (size >= (long) maxLength + delimiter.length) {
            return new TooLong(takeAll());
        }
        scanned = Math.max(scanned, size - delimiter.length + 1);
        return INCOMPLETE;
    }
}
