package io.torsion.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Gzip-encodes a response body piece by piece (Twisted's {@code _GzipEncoder}); memory is the deflater's window. */
final class GzipStream {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final GZIPOutputStream gzip;

    GzipStream() {
        try {
            gzip = new GZIPOutputStream(out, 8192);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    byte[] encode(byte[] data) {
        try {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    byte[] finish() {
        try {
            gzip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return take();
    }

    private byte[] take() {
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
    }

    static boolean compressible(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("javascript") || t.contains("xml")
                || t.contains("svg");
    }
}
