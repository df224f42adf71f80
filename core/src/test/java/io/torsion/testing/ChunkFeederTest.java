package io.torsion.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChunkFeeder}. */
class ChunkFeederTest {
    @Test
    void runsOncePerChunkSizeFromOneToTheWholeInput() {
        byte[] input = {1, 2, 3, 4, 5};
        List<Integer> counts = new ArrayList<>();
        ChunkFeeder.forEachChunkSize(input, chunks -> {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            chunks.forEach(joined::writeBytes);
            assertArrayEquals(input, joined.toByteArray());
            counts.add(chunks.size());
        });
        assertEquals(List.of(5, 3, 2, 2, 1), counts);
    }

    @Test
    void emptyInputIsOneEmptyChunk() {
        List<Integer> sizes = new ArrayList<>();
        ChunkFeeder.forEachChunkSize(new byte[0], chunks -> sizes.add(chunks.get(0).length));
        assertEquals(List.of(0), sizes);
        assertThrows(IllegalArgumentException.class, () -> ChunkFeeder.chunks(new byte[1], 0));
    }

    @Test
    void aFailureNamesTheChunkSize() {
        AssertionError e = assertThrows(AssertionError.class, () -> ChunkFeeder.forEachChunkSize(new byte[4], chunks -> {
            if (chunks.size() == 2) {
                throw new IllegalStateException("boom");
            }
        }));
        assertTrue(e.getMessage().contains("chunk size 2"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void feedStopsOnceTheTransportIsDisconnecting() {
        List<Integer> seen = new ArrayList<>();
        Protocol p = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                seen.add((int) data[0]);
                if (data[0] == 2) {
                    transport().loseConnection();
                }
            }
        };
        StringTransport.connect(p);
        assertEquals(2, ChunkFeeder.feed(p, ChunkFeeder.chunks(new byte[] {1, 2, 3}, 1)));
        assertEquals(List.of(1, 2), seen);
    }
}
