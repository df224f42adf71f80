package io.torsion.protocols;

/**
 * The framing shared by the IntN string receivers (Twisted's {@code IntNStringReceiver}): a
 * big-endian unsigned length of 1, 2 or 4 bytes, then that many bytes of payload.
 *
 * <p>The length is checked against the limit as soon as the prefix is complete. After the limit
 * is exceeded the framer delivers nothing more and drops all input, so no frame is ever
 * delivered twice (Twisted #8105: Twisted kept frames already delivered in its buffer and
 * delivered them again on the next call).
 *
 * <p>Threading: reactor thread only.
 */
final class LengthPrefixedFramer {
    /** Where frames and limit violations go. */
    interface Sink {
        void stringReceived(byte[] string);

        void lengthLimitExceeded(long length);

        int maxLength();
    }

    private final int prefixLength;
    private final Sink sink;
    private final InputBuffer buffer = new InputBuffer();
    private ProducerState producerState = ProducerState.PRODUCING;
    private boolean limitExceeded;
    private boolean busyReceiving;

    LengthPrefixedFramer(int prefixLength, Sink sink) {
        this.prefixLength = prefixLength;
        this.sink = sink;
    }

    void dataReceived(byte[] data) {
        if (limitExceeded) {
            return;
        }
        buffer.append(data);
        if (busyReceiving) {
            return;
        }
        busyReceiving = true;
        try {
            deliverBuffered();
        } finally {
            busyReceiving = false;
        }
    }

    private void deliverBuffered() {
        while (producerState == ProducerState.PRODUCING && !limitExceeded && buffer.size() >= prefixLength) {
            long length = buffer.peekUnsigned(prefixLength);
            if (length > sink.maxLength()) {
                limitExceeded = true;
                buffer.clear();
                sink.lengthLimitExceeded(length);
                return;
            }
            if (buffer.size() - prefixLength < length) {
                return;
            }
            buffer.skip(prefixLength);
            sink.stringReceived(buffer.take((int) length));
        }
    }

    byte[] frame(byte[] string) {
        long max = 1L << (8 * prefixLength);
        if (string.length >= max) {
            throw new StringTooLongError("cannot send " + string.length + " bytes: a " + prefixLength
                    + "-byte prefix allows at most " + (max - 1));
        }
        byte[] framed = new byte[prefixLength + string.length];
        for (int k = 0; k < prefixLength; k++) {
            framed[k] = (byte) (string.length >>> (8 * (prefixLength - 1 - k)));
        }
        System.arraycopy(string, 0, framed, prefixLength, string.length);
        return framed;
    }

    boolean isProducing() {
        return producerState == ProducerState.PRODUCING;
    }

    void pause() {
        if (producerState == ProducerState.PRODUCING) {
            producerState = ProducerState.PAUSED;
        }
    }

    void resume() {
        producerState = producerState.resume();
    }

    void stop() {
        producerState = ProducerState.STOPPED;
    }
}
