package io.torsion.protocols;

import java.net.ProtocolException;
import java.util.Objects;

/**
 * Says exactly how received data broke the netstring format, as reported to
 * {@link NetstringReceiver#parseErrorReceived} (Twisted's {@code NetstringParseError}).
 *
 * <p>Threading: immutable.
 */
public class NetstringParseError extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** Something other than a digit where the length (or its colon) should be, or a colon with no digits. */
        MISSING_LENGTH,
        /** A length with a leading zero, such as {@code 01:}, which the format forbids. */
        LEADING_ZERO,
        /** A length above the receiver's limit, detected as soon as its digits exceed it. */
        TOO_LONG,
        /** Something other than a comma right after the payload. */
        MISSING_COMMA
    }

    private final Reason reason;

    /**
     * Creates the error.
     *
     * @param reason what was wrong
     * @param message the details: the byte found, or the limit and length seen
     */
    public NetstringParseError(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns what was wrong.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
