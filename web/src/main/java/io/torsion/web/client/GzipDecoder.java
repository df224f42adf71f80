package io.torsion.web.client;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decodes a gzip stream (RFC 1952) piece by piece (Twisted's {@code GzipDecoder}): the header, the
 * deflate data, then the trailer, whose CRC-32 and length are checked.
 */
final class GzipDecoder {
    private enum State { HEADER, DATA, TRAILER, DONE }

    private State state = State.HEADER;
    private byte[] pending = new byte[0];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long size;

    /** Decodes {@code data}; returns the bytes it produced, possibly none. */
    byte[] feed(byte[] data) throws ZipException {
        byte[] in = concat(pending, data);
        pending = new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < in.length || state == State.DATA && !inflater.needsInput()) {
            switch (state) {
                case HEADER -> {
                    int end = headerEnd(in, pos);
                    if (end < 0) {
                        pending = Arrays.copyOfRange(in, pos, in.length);
                        return out.toByteArray();
                    }
                    pos = end;
                    state = State.DATA;
                }
                case DATA -> {
                    if (inflater.needsInput()) {
                        inflater.setInput(in, pos, in.length - pos);
                        pos = in.length;
                    }
                    byte[] buf = new byte[16384];
                    try {
                        int n;
                        while ((n = inflater.inflate(buf)) > 0) {
                            out.write(buf, 0, n);
                            crc.update(buf, 0, n);
                            size += n;
                        }
                    } catch (DataFormatException e) {
                        throw new ZipException("bad deflate data: " + e.getMessage());
                    }
                    if (inflater.finished()) {
                        pos -= inflater.getRemaining();
                        state = State.TRAILER;
                    } else if (inflater.needsInput()) {
                        return out.toByteArray();
                    }
                }
                case TRAILER -> {
                    if (in.length - pos < 8) {
                        pending = Arrays.copyOfRange(in, pos, in.length);
                        return out.toByteArray();
                    }
                    long expectedCrc = le32(in, pos);
                    long expectedSize = le32(in, pos + 4);
                    if (expectedCrc != crc.getValue() || expectedSize != (size & 0xffffffffL)) {
                        throw new ZipException("gzip trailer does not match the data (CRC or length)");
                    }
                    pos += 8;
                    state = State.DONE;
                }
                case DONE -> {
                    return out.toByteArray(); // trailing bytes after the member are ignored
                }
            }
        }
        return out.toByteArray();
    }

    /** Checks that the stream ended where a gzip member ends. */
    void finish() throws ZipException {
        inflater.end();
        if (state != State.DONE) {
            throw new ZipException("the gzip stream ended early (in its " + state + ")");
        }
    }

    private static int headerEnd(byte[] b, int pos) throws ZipException {
        if (b.length - pos < 10) {
            return -1;
        }
        if ((b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b || b[pos + 2] != 8) {
            throw new ZipException("not a gzip stream");
        }
        int flags = b[pos + 3] & 0xff;
        int i = pos + 10;
        if ((flags & 4) != 0) {
            if (b.length - i < 2) {
                return -1;
            }
            i += 2 + ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8);
        }
        for (int flag : new int[] {8, 16}) {
            if ((flags & flag) != 0) {
                while (i < b.length && b[i] != 0) {
                    i++;
                }
                if (i >= b.length) {
                    return -1;
                }
                i++;
            }
        }
        if ((flags & 2) != 0) {
            i += 2;
        }
        return i <= b.length ? i : -1;
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
