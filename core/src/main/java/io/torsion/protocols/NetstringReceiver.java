package io.torsion.protocols;

import io.torsion.internet.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Turns a stream of netstrings ({@code <length>:<payload>,}, see
 * <a href="https://cr.yp.to/proto/netstrings.txt">cr.yp.to/proto/netstrings.txt</a>) into calls
 * to {@link #stringReceived(byte[])}, and sends them with {@link #sendString(byte[])} (Twisted's
 * {@code twisted.protocols.basic.NetstringReceiver}).
 *
 * <p>Setting, overridable by a subclass: {@link #maxLength} (default {@link #MAX_LENGTH}, 99999
 * bytes of payload). A longer length is rejected as soon as its digits exceed the limit, before
 * any payload is buffered.
 *
 * <p>Malformed input: every violation (a missing or zero-padded length, a length over the limit,
 * a missing comma) goes to {@link #parseErrorReceived(NetstringParseError)} with a specific
 * {@link NetstringParseError.Reason}; the default closes the connection. From then on the receiver
 * ignores all input, and {@link #brokenPeer()} returns the error.
 *
 * <p>Threading: reactor thread only.
 */
public abstract class NetstringReceiver extends Protocol {
    /** The default payload length limit in bytes (Twisted's {@code MAX_LENGTH}). */
    public static final int MAX_LENGTH = 99999;

    /** The longest payload accepted, in bytes; a subclass may change it. */
    protected int maxLength = MAX_LENGTH;

    private enum State { LENGTH, PAYLOAD, COMMA, BROKEN }

    private State state = State.LENGTH;
    private long length;
    private int lengthDigits;
    private byte[] payload;
    private int payloadFilled;
    private NetstringParseError brokenPeer;
    private boolean busyReceiving;
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();

    /** Creates the receiver. */
    protected NetstringReceiver() {
    }

    /**
     * Reports one complete netstring's payload.
     *
     * @param string the payload, framing removed
     */
    protected abstract void stringReceived(byte[] string);

    /**
     * Reports malformed input. The default closes the connection.
     *
     * @param error what was wrong
     */
    protected void parseErrorReceived(NetstringParseError error) {
        transport().loseConnection();
    }

    /**
     * Returns the parse error that stopped this receiver (Twisted's {@code brokenPeer}).
     *
     * @return the error, or empty while the input has been well formed
     */
    public Optional<NetstringParseError> brokenPeer() {
        return Optional.ofNullable(brokenPeer);
    }

    /**
     * Sends {@code string} as one netstring.
     *
     * @param string the payload
     */
    public void sendString(byte[] string) {
        byte[] prefix = (string.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[prefix.length + string.length + 1];
        System.arraycopy(prefix, 0, framed, 0, prefix.length);
        System.arraycopy(string, 0, framed, prefix.length, string.length);
        framed[framed.length - 1] = ',';
        transport().write(framed);
    }

    /**
     * Parses {@code data}, delivering each netstring it completes.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        if (busyReceiving) {
            queued.add(data); // re-entrant call from stringReceived: parse after the current chunk
            return;
        }
        busyReceiving = true;
        try {
            parse(data);
            while (!queued.isEmpty()) {
                parse(queued.poll());
            }
        } finally {
            busyReceiving = false;
        }
    }

    private void parse(byte[] data) {
        int i = 0;
        while (i < data.length) {
            switch (state) {
                case LENGTH -> i = parseLength(data, i);
                case PAYLOAD -> {
                    int n = Math.min(payload.length - payloadFilled, data.length - i);
                    System.arraycopy(data, i, payload, payloadFilled, n);
                    payloadFilled += n;
                    i += n;
                    if (payloadFilled == payload.length) {
                        state = State.COMMA;
                    }
                }
                case COMMA -> {
                    if (data[i] != ',') {
                        fail(NetstringParseError.Reason.MISSING_COMMA, "expected ',' after " + payload.length
                                + " bytes of payload, found " + describe(data[i]));
                        return;
                    }
                    i++;
                    byte[] string = payload;
                    payload = null;
                    state = State.LENGTH;
                    stringReceived(string);
                }
                case BROKEN -> {
                    return;
                }
            }
        }
    }

    /** Consumes one byte of the length specification; returns the next index. */
    private int parseLength(byte[] data, int i) {
        byte b = data[i];
        if (b == ':') {
            if (lengthDigits == 0) {
                fail(NetstringParseError.Reason.MISSING_LENGTH, "':' with no length before it");
                return data.length;
            }
            payload = new byte[(int) length];
            payloadFilled = 0;
            length = 0;
            lengthDigits = 0;
            state = payload.length == 0 ? State.COMMA : State.PAYLOAD;
            return i + 1;
        }
        if (b < '0' || b > '9') {
            fail(NetstringParseError.Reason.MISSING_LENGTH, "expected a digit or ':' in the length, found " + describe(b));
            return data.length;
        }
        if (lengthDigits == 1 && length == 0) {
            fail(NetstringParseError.Reason.LEADING_ZERO, "a length may not start with 0 unless it is 0");
            return data.length;
        }
        length = length * 10 + (b - '0');
        lengthDigits++;
        if (length > maxLength) {
            fail(NetstringParseError.Reason.TOO_LONG, "the length is at least " + length + ", over the limit of "
                    + maxLength);
            return data.length;
        }
        return i + 1;
    }

    private void fail(NetstringParseError.Reason reason, String message) {
        state = State.BROKEN;
        payload = null;
        brokenPeer = new NetstringParseError(reason, message);
        parseErrorReceived(brokenPeer);
    }

    private static String describe(byte b) {
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xFF);
    }
}
