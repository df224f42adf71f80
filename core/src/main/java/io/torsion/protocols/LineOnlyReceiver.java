package io.torsion.protocols;

import io.torsion.internet.Protocol;
import java.util.List;

/**
 * Turns a byte stream into calls to {@link #lineReceived(byte[])}, with no raw mode and no
 * pausing (Twisted's {@code twisted.protocols.basic.LineOnlyReceiver}).
 *
 * <p>Settings, overridable by a subclass: {@link #delimiter} (default {@code \r\n}) and
 * {@link #maxLength} (default {@link #MAX_LENGTH}, 16384).
 *
 * <p>Once the transport is disconnecting, the remaining lines of the same {@code dataReceived}
 * call are dropped.
 *
 * <p>Where Torsion differs from Twisted: the line length limit is {@link LineReceiver}'s (an
 * unterminated buffer may grow to {@code maxLength + delimiter.length - 1} bytes, so
 * {@code "xyz\r"} then {@code "\n"} is a valid line with a limit of 3; Twisted's
 * {@code LineOnlyReceiver} rejects it), and {@link #lineLengthExceeded(byte[])} receives the
 * rest of the buffer as in {@code LineReceiver}, not just the line.
 *
 * <p>Threading: reactor thread only.
 */
public abstract class LineOnlyReceiver extends Protocol {
    /** The default line length limit in bytes, excluding the delimiter (Twisted's {@code MAX_LENGTH}). */
    public static final int MAX_LENGTH = 16384;

    /** The line delimiter; a subclass may replace it. Default {@code \r\n}. */
    protected byte[] delimiter = {'\r', '\n'};

    /** The longest line accepted, in bytes without the delimiter; a subclass may change it. */
    protected int maxLength = MAX_LENGTH;

    private final LineScanner scanner = new LineScanner();

    /** Creates the receiver. */
    protected LineOnlyReceiver() {
    }

    /**
     * Reports one line, delimiter removed.
     *
     * @param line the line's bytes
     */
    protected abstract void lineReceived(byte[] line);

    /**
     * Reports a line longer than {@link #maxLength}. The default closes the connection.
     *
     * @param rest the rest of the buffer, starting with (at least part of) the line too long
     */
    protected void lineLengthExceeded(byte[] rest) {
        transport().loseConnection();
    }

    /**
     * Buffers {@code data} and delivers every complete line.
     *
     * @param data the bytes received
     */
    @Override
    public void dataReceived(byte[] data) {
        scanner.append(data);
        while (true) {
            if (isConnected() && transport().isDisconnecting()) {
                return;
            }
            LineScanner.Scan scan = scanner.next(delimiter, maxLength);
            if (scan instanceof LineScanner.Line line) {
                lineReceived(line.line());
            } else if (scan instanceof LineScanner.TooLong tooLong) {
                lineLengthExceeded(tooLong.rest());
                return;
            } else {
                return;
            }
        }
    }

    /**
     * Sends {@code line} followed by the delimiter.
     *
     * @param line the line, without delimiter
     */
    public void sendLine(byte[] line) {
        transport().writeSequence(List.of(line, delimiter.clone()));
    }
}
