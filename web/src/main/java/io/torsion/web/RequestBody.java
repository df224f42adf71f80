package io.torsion.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body kept in memory up to a threshold and spooled to a temporary file above it
 * (Twisted's {@code Request.gotLength} choosing {@code BytesIO} or a temporary file). The file is
 * written on the reactor thread in the chunks the network delivers; bodies are bounded by
 * {@link HttpSettings#maxBodySize()}.
 */
final class RequestBody {
    private final int threshold;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;

    RequestBody(int threshold) {
        this.threshold = threshold;
    }

    void write(byte[] data) {
        size += data.length;
        try {
            if (file == null && size > threshold) {
                file = Files.createTempFile("torsion-body", ".tmp");
                fileOut = Files.newOutputStream(file);
                memory.writeTo(fileOut);
                memory = null;
            }
            if (file != null) {
                fileOut.write(data);
            } else {
                memory.write(data, 0, data.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the request body", e);
        }
    }

    long size() {
        return size;
    }

    boolean spooled() {
        return file != null;
    }

    InputStream open() throws IOException {
        if (file == null) {
            return new ByteArrayInputStream(memory.toByteArray());
        }
        fileOut.flush();
        return Files.newInputStream(file);
    }

    void discard() {
        if (file != null) {
            try {
                fileOut.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.getLogger(RequestBody.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot delete spooled body " + file, e);
            }
            file = null;
        }
    }
}
