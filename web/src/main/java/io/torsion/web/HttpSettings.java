package io.torsion.web;

import java.time.Duration;
import java.util.Objects;

/**
 * Gives the limits and timeouts an {@link HttpChannel} enforces, each with a named default;
 * change one with its {@code with…} method (Twisted keeps these as class attributes of
 * {@code HTTPChannel}, e.g. {@code totalHeadersSize}, {@code maxHeaders}, {@code timeOut}).
 *
 * <pre>{@code
 * Site site = new Site(root, reactor, HttpSettings.defaults().withMaxBodySize(1 << 20));
 * }</pre>
 *
 * <p>Threading: immutable.
 *
 * @param maxRequestLine longest request line in bytes, CRLF excluded; longer gets 414
 * @param maxHeaderLine longest header line in bytes, CRLF excluded; longer gets 431
 * @param maxHeaderBytes most bytes in the whole header block; more gets 431
 * @param maxHeaderCount most header fields; more gets 431
 * @param maxChunkLine longest chunk-size line (with extensions) in bytes; longer gets 400
 * @param maxBodySize most body bytes; more gets 413 (before reading when Content-Length says so)
 * @param maxReadAhead most bytes of pipelined requests buffered while a response is pending;
 *     beyond it the channel pauses reading
 * @param bodySpoolThreshold bodies larger than this are spooled to a temporary file
 * @param headerTimeout deadline for a whole request head from its first byte; trickling bytes
 *     do not extend it
 * @param idleTimeout how long a connection may wait for the first byte of a request
 * @param minBodyRate the slowest a request body may arrive, in bytes per second, measured over
 *     each {@code bodyRateWindow}; slower gets the connection aborted
 * @param bodyRateWindow the period over which {@code minBodyRate} is measured
 * @param sendTimeout how long a response producer may wait for the client to take more bytes
 *     (paused, or a pull producer not asked for more) before the connection is aborted
 */
public record HttpSettings(int maxRequestLine, int maxHeaderLine, int maxHeaderBytes, int maxHeaderCount,
        int maxChunkLine, long maxBodySize, int maxReadAhead, int bodySpoolThreshold, Duration headerTimeout,
        Duration idleTimeout, long minBodyRate, Duration bodyRateWindow, Duration sendTimeout) {
    /** Default {@link #maxRequestLine}: 8 KiB. */
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    /** Default {@link #maxHeaderLine}: 8 KiB. */
    public static final int DEFAULT_MAX_HEADER_LINE = 8 * 1024;
    /** Default {@link #maxHeaderBytes}: 16 KiB, as Twisted's {@code totalHeadersSize}. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /** Default {@link #maxHeaderCount}: 500, as Twisted's {@code maxHeaders}. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 500;
    /** Default {@link #maxChunkLine}: 1 KiB. */
    public static final int DEFAULT_MAX_CHUNK_LINE = 1024;
    /** Default {@link #maxBodySize}: 64 MiB. */
    public static final long DEFAULT_MAX_BODY_SIZE = 64L * 1024 * 1024;
    /** Default {@link #maxReadAhead}: 64 KiB. */
    public static final int DEFAULT_MAX_READ_AHEAD = 64 * 1024;
    /** Default {@link #bodySpoolThreshold}: 100 KiB, as Twisted's {@code Request.content} spooling. */
    public static final int DEFAULT_BODY_SPOOL_THRESHOLD = 100 * 1024;
    /** Default {@link #headerTimeout}: 30 seconds. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #idleTimeout}: 60 seconds, as Twisted's {@code HTTPFactory} timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Default {@link #minBodyRate}: 1 KiB per second. */
    public static final long DEFAULT_MIN_BODY_RATE = 1024;
    /** Default {@link #bodyRateWindow}: 10 seconds. */
    public static final Duration DEFAULT_BODY_RATE_WINDOW = Duration.ofSeconds(10);

    /** Default {@link #sendTimeout}: 60 seconds. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Checks the settings.
     *
     * @param maxRequestLine see the record's maxRequestLine
     * @param maxHeaderLine see the record's maxHeaderLine
     * @param maxHeaderBytes see the record's maxHeaderBytes
     * @param maxHeaderCount see the record's maxHeaderCount
     * @param maxChunkLine see the record's maxChunkLine
     * @param maxBodySize see the record's maxBodySize
     * @param maxReadAhead see the record's maxReadAhead
     * @param bodySpoolThreshold see the record's bodySpoolThreshold
     * @param headerTimeout see the record's headerTimeout
     * @param idleTimeout see the record's idleTimeout
     * @param minBodyRate see the record's minBodyRate
     * @param bodyRateWindow see the record's bodyRateWindow
     * @param sendTimeout see the record's sendTimeout
     * @throws IllegalArgumentException if a size is not positive or a timeout is not positive
     */
    public HttpSettings {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxRequestLine < 1 || maxHeaderLine < 1 || maxHeaderBytes < 1 || maxHeaderCount < 1
                || maxChunkLine < 1 || maxBodySize < 0 || maxReadAhead < 1 || bodySpoolThreshold < 0) {
            throw new IllegalArgumentException("limits must be positive: " + this);
        }
        Objects.requireNonNull(bodyRateWindow, "bodyRateWindow");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("the send timeout must be positive: " + this);
        }
        if (minBodyRate < 0 || bodyRateWindow.isNegative() || bodyRateWindow.isZero()) {
            throw new IllegalArgumentException("the body rate must be positive: " + this);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + this);
        }
    }

    /**
     * Returns the defaults.
     *
     * @return every field at its {@code DEFAULT_…} value
     */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_LINE, DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_CHUNK_LINE, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_READ_AHEAD,
                DEFAULT_BODY_SPOOL_THRESHOLD, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MIN_BODY_RATE, DEFAULT_BODY_RATE_WINDOW, DEFAULT_SEND_TIMEOUT);
    }

    /**
     * Returns a copy with another request-line limit.
     *
     * @param bytes the new limit
     * @return the copy
     */
    public HttpSettings withMaxRequestLine(int bytes) {
        return new HttpSettings(bytes, maxHeaderLine, maxHeaderBytes, maxHeaderCount, maxChunkLine, maxBodySize,
                maxReadAhead, bodySpoolThreshold, headerTimeout, idleTimeout, minBodyRate, bodyRateWindow, sendTimeout);
    }

    /**
     * Returns a copy with other header limits.
     *
     * @param line the longest header line
     * @param total the most bytes in the header block
     * @param count the most header fields
     * @return the copy
     */
    public HttpSettings withHeaderLimits(int line, int total, int count) {
        return new HttpSettings(maxRequestLine, line, total, count, maxChunkLine, maxBodySize,
                maxReadAhead, bodySpoolThreshold, headerTimeout, idleTimeout, minBodyRate, bodyRateWindow, sendTimeout);
    }

    /**
     * Returns a copy with another chunk-line limit.
     *
     * @param bytes the new limit
     * @return the copy
     */
    public HttpSettings withMaxChunkLine(int bytes) {
        return new HttpSettings(maxRequestLine, maxHeaderLine, maxHeaderBytes, maxHeaderCount, bytes, maxBodySize,
                maxReadAhead, bodySpoolThreshold, headerTimeout, idleTimeout, minBodyRate, bodyRateWindow, sendTimeout);
    }

    /**
     * Returns a copy with another body-size limit.
     *
     * @param bytes the new limit
     * @return the copy
     */
    public HttpSettings withMaxBodySize(long bytes) {
        return new HttpSettings(maxRequestLine, maxHeaderLine, maxHeaderBytes, maxHeaderCount, maxChunkLine, bytes,
                maxReadAhead, bodySpoolThreshold, headerTimeout, idleTimeout, minBodyRate, bodyRateWindow, sendTimeout);
    }

    /**
     * Returns a copy with other read-ahead and spool thresholds.
     *
     * @param readAhead the most pipelined bytes buffered before reading pauses
     * @param spoolThreshold the body size above which the body goes to a temporary file
     * @return the copy
     */
    public HttpSettings withBuffering(int readAhead, int spoolThreshold) {
        return new HttpSettings(maxRequestLine, maxHeaderLine, maxHeaderBytes, maxHeaderCount, maxChunkLine,
                maxBodySize, readAhead, spoolThreshold, headerTimeout, idleTimeout, minBodyRate, bodyRateWindow, sendTimeout);
    }

    /**
     * Returns a copy with another minimum body rate.
     *
     * @param bytesPerSecond the slowest acceptable body rate; 0 turns the check off
     * @param window the period over which it is measured
     * @return the copy
     */
    public HttpSettings withMinBodyRate(long bytesPerSecond, Duration window) {
        return new HttpSettings(maxRequestLine, maxHeaderLine, maxHeaderBytes, maxHeaderCount, maxChunkLine,
                maxBodySize, maxReadAhead, bodySpoolThreshold, headerTimeout, idleTimeout, bytesPerSecond, window, sendTimeout);
    }

    /**
     * Returns a copy with another send timeout.
     *
     * @param timeout how long a response producer may stall
     * @return the copy
     */
    public HttpSettings withSendTimeout(Duration timeout) {
        return new HttpSettings(maxRequestLine, maxHeaderLine, maxHeaderBytes, maxHeaderCount, maxChunkLine,
                maxBodySize, maxReadAhead, bodySpoolThreshold, headerTimeout, idleTimeout, minBodyRate, bodyRateWindow,
                timeout);
    }

    /**
     * Returns a copy with other timeouts.
     *
     * @param header the deadline for a request head
     * @param idle the keep-alive idle timeout
     * @return the copy
     */
    public HttpSettings withTimeouts(Duration header, Duration idle) {
        return new HttpSettings(maxRequestLine, maxHeaderLine, maxHeaderBytes, maxHeaderCount, maxChunkLine,
                maxBodySize, maxReadAhead, bodySpoolThreshold, header, idle, minBodyRate, bodyRateWindow, sendTimeout);
    }
}
