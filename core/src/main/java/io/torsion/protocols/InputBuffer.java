package io.torsion.protocols;

import java.util.Arrays;

/**
 * The bytes a parser has received and not yet consumed: appended at the end, taken from the
 * front, without re-copying what stays.
 *
 * <p>Threading: reactor thread only.
 */
final class InputBuffer {
    private static final byte[] EMPTY = new byte[0];
    /** Above this capacity an emptied buffer gives its array back, so that one burst does not pin memory. */
    private static final int KEEP_CAPACITY = 64 * 1024;

    // Invariant: the live bytes are bytes[start, end).
    private byte[] bytes = EMPTY;
    private int start;
    private int end;

    void append(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int size = size();
        int needed = size + data.length;
        if (needed < 0) {
            throw new OutOfMemoryError("input buffer would exceed 2 GiB");
        }
        if (end + data.length > bytes.length) {
            if (needed <= bytes.length && start >= size) {
                // Moving the live bytes costs no more than the bytes already consumed: amortised O(1).
                System.arraycopy(bytes, start, bytes, 0, size);
            } else {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length));
                byte[] grown = new byte[Math.max(capacity, 256)];
                System.arraycopy(bytes, start, grown, 0, size);
                bytes = grown;
            }
            start = 0;
            end = size;
        }
        System.arraycopy(data, 0, bytes, end, data.length);
        end += data.length;
    }

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return end == start;
    }

    /** Returns the byte at {@code index} counted from the front. */
    byte at(int index) {
        return bytes[start + index];
    }

    /** Tells whether {@code pattern} occurs at {@code index} counted from the front; the caller checks bounds. */
    boolean matchesAt(int index, byte[] pattern) {
        int from = start + index;
        for (int k = 0; k < pattern.length; k++) {
            if (bytes[from + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code width} bytes at the front as an unsigned big-endian number, without consuming them. */
    long peekUnsigned(int width) {
        long value = 0;
        for (int k = 0; k < width; k++) {
            value = (value << 8) | (bytes[start + k] & 0xFF);
        }
        return value;
    }

    byte[] take(int count) {
        byte[] taken = Arrays.copyOfRange(bytes, start, start + count);
        skip(count);
        return taken;
    }

    void skip(int count) {
        start += count;
        if (start == end) {
            clear();
        }
    }

    byte[] takeAll() {
        return take(size());
    }

    void clear() {
        start = 0;
        end = 0;
        if (bytes.length > KEEP_CAPACITY) {
            bytes = EMPTY;
        }
    }
}
