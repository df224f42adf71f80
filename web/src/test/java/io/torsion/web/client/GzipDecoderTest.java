package io.torsion.web.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** The streaming gzip decoder, fed whole, one byte at a time and split at every offset. */
class GzipDecoderTest {
    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    static byte[] decode(byte[] gz, int split) throws Exception {
        GzipDecoder d = new GzipDecoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (split < 0) {
            for (byte b : gz) {
                out.writeBytes(d.feed(new byte[] {b}));
            }
        } else {
            out.writeBytes(d.feed(Arrays.copyOfRange(gz, 0, split)));
            out.writeBytes(d.feed(Arrays.copyOfRange(gz, split, gz.length)));
        }
        d.finish();
        return out.toByteArray();
    }

    @Test
    void decodesInEveryChunking() throws Exception {
        byte[] data = "hello gzip world, hello again, hello hello".repeat(20).getBytes();
        byte[] gz = gzip(data);
        assertArrayEquals(data, decode(gz, -1));
        for (int split = 0; split <= gz.length; split++) {
            assertArrayEquals(data, decode(gz, split));
        }
    }

    @Test
    void headerWithNameAndExtraFields() throws Exception {
        byte[] plain = gzip("abc".getBytes());
        // Rebuild the header with FEXTRA and FNAME set.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8, 0, 0, 0, 0, 0, 3});
        b.write(new byte[] {2, 0, 'x', 'y'});
        b.writeBytes("name.txt\0".getBytes());
        b.write(plain, 10, plain.length - 10);
        byte[] gz = b.toByteArray();
        for (int split = 0; split <= gz.length; split++) {
            assertArrayEquals("abc".getBytes(), decode(gz, split));
        }
    }

    @Test
    void corruptStreamsAreZipExceptions() throws Exception {
        byte[] gz = gzip("some text to compress".getBytes());
        assertThrows(ZipException.class, () -> decode("not gzip at all".getBytes(), 0));
        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 6] ^= 1;
        assertThrows(ZipException.class, () -> decode(badCrc, 0));
        assertThrows(ZipException.class, () -> decode(Arrays.copyOf(gz, gz.length - 3), 0));
        byte[] badData = gz.clone();
        badData[12] = (byte) 0xff;
        badData[13] = (byte) 0xff;
        assertThrows(ZipException.class, () -> decode(badData, 0));
    }
}
