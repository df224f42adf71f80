package io.torsion.testing;

import io.torsion.internet.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays the same input to a test once per chunk size, from 1 byte up to the whole input, so
 * that a parser is proved not to depend on how the stream was cut (STYLE.md §9; Twisted's
 * protocol tests loop over packet sizes the same way).
 *
 * <pre>{@code
 * ChunkFeeder.forEachChunkSize(bytes("a\r\nb\r\n"), chunks -> {
 *     Recorder protocol = new Recorder();
 *     StringTransport.connect(protocol);
 *     ChunkFeeder.feed(protocol, chunks);
 *     assertEquals(List.of("a", "b"), protocol.lines);
 * });
 * }</pre>
 *
 * <p>A failing run is reported as an {@link AssertionError} whose message names the chunk size,
 * with the original failure as its cause.
 *
 * <p>Threading: stateless; use it from the test's thread.
 */
public final class ChunkFeeder {
    private ChunkFeeder() {
    }

    /**
     * One run of the test with the input cut into chunks.
     *
     * <p>Threading: called on the test's thread.
     */
    @FunctionalInterface
    public interface ChunkedRun {
        /**
         * Runs the test once.
         *
         * @param chunks the input, cut into pieces of the current size (the last may be shorter)
         * @throws Exception anything; it fails the test with the chunk size named
         */
        void run(List<byte[]> chunks) throws Exception;
    }

    /**
     * Runs {@code test} once for every chunk size from 1 to the input's length (once with a single
     * empty chunk for empty input).
     *
     * @param input the bytes to replay
     * @param test what to do with each cut
     * @throws AssertionError naming the chunk size, if a run throws
     */
    public static void forEachChunkSize(byte[] input, ChunkedRun test) {
        int largest = Math.max(1, input.length);
        for (int size = 1; size <= largest; size++) {
            List<byte[]> chunks = chunks(input, size);
            try {
                test.run(chunks);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("with chunk size " + size + " (of " + input.length + " bytes): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Cuts {@code input} into pieces of {@code chunkSize} bytes; the last may be shorter.
     *
     * @param input the bytes
     * @param chunkSize the piece size, at least 1
     * @return the pieces, each a fresh array; one empty piece for empty input
     * @throws IllegalArgumentException if {@code chunkSize} is below 1
     */
    public static List<byte[]> chunks(byte[] input, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int start = 0; start < input.length; start += chunkSize) {
            chunks.add(Arrays.copyOfRange(input, start, Math.min(input.length, start + chunkSize)));
        }
        if (chunks.isEmpty()) {
            chunks.add(new byte[0]);
        }
        return chunks;
    }

    /**
     * Passes each chunk to {@code protocol.dataReceived}, stopping early once the protocol's
     * transport is disconnecting, as a real transport stops reading after {@code loseConnection}.
     *
     * @param protocol a connected protocol
     * @param chunks the pieces, in order
     * @return how many chunks were delivered
     */
    public static int feed(Protocol protocol, List<byte[]> chunks) {
        int delivered = 0;
        for (byte[] chunk : chunks) {
            if (protocol.isConnected() && protocol.transport().isDisconnecting()) {
                break;
            }
            protocol.dataReceived(chunk);
            delivered++;
        }
        return delivered;
    }
}
