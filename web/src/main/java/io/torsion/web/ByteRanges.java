package io.torsion.web;

import java.util.ArrayList;
import java.util.List;

/** Parses a {@code Range: bytes=…} header against a file size (RFC 9110 §14.1.2; Twisted's {@code File._parseRangeHeader}). */
final class ByteRanges {
    private ByteRanges() {
    }

    /** More ranges than this and the header is ignored (a guard against range amplification). */
    static final int MAX_RANGES = 16;

    sealed interface Result permits Ignore, Unsatisfiable, Satisfiable {
    }

    /** Malformed, not bytes, or too many ranges: serve the whole file. */
    record Ignore() implements Result {
    }

    /** Well-formed, but no range overlaps the file: 416. */
    record Unsatisfiable() implements Result {
    }

    /** The satisfiable ranges, in the order asked, clipped to the file. */
    record Satisfiable(List<Span> spans) implements Result {
    }

    /** Inclusive byte positions. */
    record Span(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    static Result parse(String header, long size) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Ignore();
        }
        List<Span> spans = new ArrayList<>();
        int count = 0;
        for (String element : h.substring(6).split(",", -1)) {
            String spec = HttpSyntax.trimOws(element);
            if (spec.isEmpty()) {
                continue;
            }
            if (++count > MAX_RANGES) {
                return new Ignore();
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Ignore();
            }
            String a = spec.substring(0, dash);
            String b = spec.substring(dash + 1);
            if (a.isEmpty()) {
                long n = digits(b);
                if (n < 0) {
                    return new Ignore();
                }
                if (n > 0 && size > 0) {
                    spans.add(new Span(Math.max(0, size - n), size - 1));
                }
                continue;
            }
            long first = digits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
            if (first < 0 || last < 0 || last < first) {
                return new Ignore();
            }
            if (first < size) {
                spans.add(new Span(first, Math.min(last, size - 1)));
            }
        }
        if (count == 0) {
            return new Ignore();
        }
        return spans.isEmpty() ? new Unsatisfiable() : new Satisfiable(spans);
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
