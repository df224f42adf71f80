package io.torsion.protocols;

import io.torsion.internet.Protocol;
import io.torsion.internet.PushProducer;

/**
 * Turns a stream of strings each prefixed by its length as a 4-byte unsigned big-endian number into calls to
 * {@link #stringReceived(byte[])}, and sends them with {@link #sendString(byte[])} (Twisted's
 * {@code twisted.protocols.basic.Int32StringReceiver}).
 *
 * <p>Setting, overridable by a subclass: {@link #maxLength} (default {@link #MAX_LENGTH}, 99999
 * bytes). The length is checked as soon as the 4-byte prefix has arrived, before any payload is
 * buffered; a length over the limit goes to {@link #lengthLimitExceeded(long)}, whose default
 * closes the connection.
 *
 * <p>Where Torsion differs from Twisted (#8105): once the limit is exceeded the receiver delivers
 * nothing more and ignores all further input, so no string is ever delivered twice.
 *
 * <p>Flow control: as a {@link PushProducer}, {@link #pauseProducing()} stops delivery (and
 * pauses the transport) until {@link #resumeProducing()}.
 *
 * <p>Threading: reactor thread only.
 */
public abstract class Int32StringReceiver extends Protocol implements PushProducer {
    /** The default length limit in bytes (Twisted's {@code MAX_LENGTH}). */
    public static final int MAX_LENGTH = 99999;

    /** The longest string accepted, in bytes; a subclass may change it. */
    protected int maxLength = MAX_LENGTH;

    private static final byte[] EMPTY = new byte[0];

    private final LengthPrefixedFramer framer = new LengthPrefixedFramer(4, new LengthPrefixedFramer.Sink() {
        @Override
        public void stringReceived(byte[] string) {
            Int32StringReceiver.this.stringReceived(string);
        }

        @Override
        public void lengthLimitExceeded(long length) {
            Int32StringReceiver.this.lengthLimitExceeded(length);
        }

        @Override
        public int maxLength() {
            return maxLength;
        }
    });

    /** Creates the receiver. */
    protected Int32StringReceiver() {
    }

    /**
     * Reports one complete string.
     *
     * @param string the payload, prefix removed
     */
    protected abstract void stringReceived(byte[] string);

    /**
     * Reports a length prefix above {@link #maxLength}. The default closes the connection.
     *
     * @param length the length the prefix announced
     */
    protected void lengthLimitExceeded(long length) {
        transport().loseConnection();
    }

    /**
     * Buffers {@code data} and delivers every complete string, unless paused.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        framer.dataReceived(data);
    }

    /**
     * Sends {@code string} with its length prefix, in one write.
     *
     * @param string the payload
     * @throws StringTooLongError if it is too long for the prefix
     */
    public void sendString(byte[] string) {
        transport().write(framer.frame(string));
    }

    /**
     * Tells whether strings are being delivered.
     *
     * @return false while paused or after {@link #stopProducing()}
     */
    public boolean isProducing() {
        return framer.isProducing();
    }

    /** Stops delivering strings and pauses the transport, until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        framer.pause();
        transport().pauseProducing();
    }

    /**
     * Resumes the transport and delivers the strings buffered while paused.
     *
     * @throws IllegalStateException after {@link #stopProducing()}
     */
    @Override
    public void resumeProducing() {
        framer.resume();
        transport().resumeProducing();
        framer.dataReceived(EMPTY);
    }

    /** Stops delivering strings for good and stops the transport. */
    @Override
    public void stopProducing() {
        framer.stop();
        transport().stopProducing();
    }
}
