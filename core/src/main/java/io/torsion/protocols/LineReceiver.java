package io.torsion.protocols;

import io.torsion.internet.Protocol;
import io.torsion.internet.PushProducer;

/**
 * Turns a byte stream into calls to {@link #lineReceived(byte[])}, one per delimited line, with
 * a raw mode for binary stretches (Twisted's {@code twisted.protocols.basic.LineReceiver}).
 *
 * <p>Settings, overridable by a subclass (for example in its constructor):
 * {@link #delimiter} (default {@code \r\n}) and {@link #maxLength} (default {@link #MAX_LENGTH},
 * 16384 bytes).
 *
 * <p>Line length limit, as in Twisted: a line of at most {@code maxLength} bytes (without the
 * delimiter) is delivered. An unterminated buffer is too long once it holds {@code maxLength +
 * delimiter.length} bytes, since no line can then end within the limit; so with a limit of 3,
 * {@code "xyz\r"} then {@code "\n"} is the line {@code "xyz"}. A line too long goes to
 * {@link #lineLengthExceeded(byte[])} with the rest of the buffer (that line, its delimiter if
 * received, and every byte after it); the default closes the connection.
 *
 * <pre>{@code
 * class Chat extends LineReceiver {
 *     @Override protected void lineReceived(byte[] line) { sendLine(("you said: " + ascii(line)).getBytes(US_ASCII)); }
 * }
 * }</pre>
 *
 * <p>Modes: in line mode (the start) each line goes to {@code lineReceived}; after
 * {@link #setRawMode()} every byte, starting with those still buffered, goes to
 * {@link #rawDataReceived(byte[])}; {@link #setLineMode(byte[])} switches back and re-reads the
 * bytes it is given as lines. Both may be called from inside the hooks.
 *
 * <p>Re-entrancy: inside {@code lineReceived} you may call {@code setRawMode},
 * {@code pauseProducing}, {@code loseConnection} or even {@code dataReceived} (the bytes are
 * queued behind the current ones). After {@code transport().loseConnection()} in
 * {@code lineReceived}, no further line of the same {@code dataReceived} call is delivered.
 *
 * <p>Flow control: as a {@link PushProducer}, {@link #pauseProducing()} stops delivering lines
 * (and pauses the transport) until {@link #resumeProducing()}, which also delivers what was
 * buffered meanwhile.
 *
 * <p>Where Torsion differs from Twisted: hooks return nothing (Twisted stops the loop when
 * {@code lineReceived} returns a true value; here, pause or close instead); resuming after
 * {@link #stopProducing()} throws. Scanning is incremental: bytes already searched for the
 * delimiter are not searched again when more arrive.
 *
 * <p>Threading: reactor thread only.
 */
public abstract class LineReceiver extends Protocol implements PushProducer {
    /** The default line length limit in bytes, excluding the delimiter (Twisted's {@code MAX_LENGTH}). */
    public static final int MAX_LENGTH = 16384;

    /** The line delimiter; a subclass may replace it. Default {@code \r\n}. */
    protected byte[] delimiter = {'\r', '\n'};

    /** The longest line accepted, in bytes without the delimiter; a subclass may change it. */
    protected int maxLength = MAX_LENGTH;

    private enum Mode { LINE, RAW }

    private static final byte[] EMPTY = new byte[0];

    private final LineScanner scanner = new LineScanner();
    private Mode mode = Mode.LINE;
    private ProducerState producerState = ProducerState.PRODUCING;
    private boolean busyReceiving;

    /** Creates a receiver in line mode. */
    protected LineReceiver() {
    }

    /**
     * Reports one line, delimiter removed.
     *
     * @param line the line's bytes
     */
    protected abstract void lineReceived(byte[] line);

    /**
     * Reports bytes received in raw mode. The default throws, since only receivers that call
     * {@link #setRawMode()} need it.
     *
     * @param data the bytes
     * @throws UnsupportedOperationException unless overridden
     */
    protected void rawDataReceived(byte[] data) {
        throw new UnsupportedOperationException(getClass().getName() + " switched to raw mode without overriding rawDataReceived");
    }

    /**
     * Reports a line longer than {@link #maxLength}. The default closes the connection.
     *
     * @param rest the rest of the buffer: the start (at least) of the line too long, then, if
     *     received, its delimiter and everything after it
     */
    protected void lineLengthExceeded(byte[] rest) {
        transport().loseConnection();
    }

    /**
     * Buffers {@code data} and delivers every complete line (or, in raw mode, the bytes), unless
     * paused.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        scanner.append(data);
        if (busyReceiving) {
            return; // re-entrant call: the loop below is running and will see these bytes
        }
        busyReceiving = true;
        try {
            deliverBuffered();
        } finally {
            busyReceiving = false;
        }
    }

    private void deliverBuffered() {
        while (!scanner.isEmpty() && producerState == ProducerState.PRODUCING) {
            if (mode == Mode.RAW) {
                rawDataReceived(scanner.takeAll());
                continue;
            }
            LineScanner.Scan scan = scanner.next(delimiter, maxLength);
            if (scan instanceof LineScanner.Line line) {
                lineReceived(line.line());
                if (isConnected() && transport().isDisconnecting()) {
                    return;
                }
            } else if (scan instanceof LineScanner.TooLong tooLong) {
                lineLengthExceeded(tooLong.rest());
                return;
            } else {
                return;
            }
        }
    }

    /**
     * Sends {@code line} followed by the delimiter, in one write.
     *
     * @param line the line, without delimiter
     */
    public void sendLine(byte[] line) {
        byte[] framed = new byte[line.length + delimiter.length];
        System.arraycopy(line, 0, framed, 0, line.length);
        System.arraycopy(delimiter, 0, framed, line.length, delimiter.length);
        transport().write(framed);
    }

    /**
     * Switches to raw mode: from now on, and starting with the bytes still buffered, data goes to
     * {@link #rawDataReceived(byte[])}.
     */
    public void setRawMode() {
        mode = Mode.RAW;
    }

    /** Switches to line mode: from now on data is cut into lines. */
    public void setLineMode() {
        mode = Mode.LINE;
    }

    /**
     * Switches to line mode and re-reads {@code extra} as lines, for a {@code rawDataReceived} that
     * consumed only the start of its data. Do not pass extra data from inside {@code lineReceived}:
     * the buffered bytes are read as lines anyway.
     *
     * @param extra bytes to parse as lines, after those already buffered
     */
    public void setLineMode(byte[] extra) {
        mode = Mode.LINE;
        if (extra.length > 0) {
            dataReceived(extra);
        }
    }

    /**
     * Empties the buffer and returns what it held.
     *
     * @return the bytes received and not yet delivered
     */
    public byte[] clearLineBuffer() {
        return scanner.takeAll();
    }

    /**
     * Tells whether lines are being delivered.
     *
     * @return false while paused or after {@link #stopProducing()}
     */
    public boolean isProducing() {
        return producerState == ProducerState.PRODUCING;
    }

    /** Stops delivering lines and pauses the transport, until {@link #resumeProducing()}. */
    @Override
    public void pauseProducing() {
        if (producerState == ProducerState.PRODUCING) {
            producerState = ProducerState.PAUSED;
        }
        transport().pauseProducing();
    }

    /**
     * Resumes the transport and delivers the lines buffered while paused.
     *
     * @throws IllegalStateException after {@link #stopProducing()}
     */
    @Override
    public void resumeProducing() {
        producerState = producerState.resume();
        transport().resumeProducing();
        dataReceived(EMPTY);
    }

    /** Stops delivering lines for good and stops the transport. */
    @Override
    public void stopProducing() {
        producerState = ProducerState.STOPPED;
        transport().stopProducing();
    }

    /** For tests: how many delimiter-search positions were examined, to prove scanning linear. */
    long positionsExamined() {
        return scanner.positionsExamined();
    }
}
