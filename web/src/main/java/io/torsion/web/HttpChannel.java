package io.torsion.web;

import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.Protocol;
import io.torsion.internet.ReactorTime;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Speaks HTTP/1.1 on one server connection: parses requests, hands each to its {@link Site} and
 * sends the responses in request order (Twisted's {@code twisted.web.http.HTTPChannel}).
 *
 * <p>Lifecycle per request: 1. the head is parsed (under a deadline, {@link HttpSettings#headerTimeout()},
 * that trickled bytes cannot extend); an {@code Expect: 100-continue} request with a body is sent
 * {@code 100 Continue}; 2. the whole body is read; 3. the {@link Request} is rendered; 4. when it
 * finishes, the connection closes if either side asked for that (or HTTP/1.0 without keep-alive),
 * else the next request is parsed. Pipelined requests wait in a buffer while one is being answered;
 * past {@link HttpSettings#maxReadAhead()} bytes the channel pauses reading. Between requests the
 * connection may idle for {@link HttpSettings#idleTimeout()}; a body must keep up
 * {@link HttpSettings#minBodyRate()} over each {@link HttpSettings#bodyRateWindow()}. When a
 * timeout expires the connection is aborted.
 *
 * <p>A framing error gets one error response with {@code Connection: close}, then the connection
 * closes; nothing after the error is read. A client that half-closes after sending its requests
 * still gets every answer before the server closes.
 *
 * <p>Threading: reactor thread only.
 */
public class HttpChannel extends Protocol implements HalfCloseableProtocol {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Site site;
    private final HttpSettings settings;
    private final ReactorTime clock;
    private HttpParser parser;
    private Request current;
    private boolean readPaused;
    private boolean inputClosed;
    private boolean closing;
    private int depth;
    // The idle timer is not cancelled and scheduled again for every request, which cost a timer
    // queue insertion and removal each time: it stays scheduled, and when it fires it checks how
    // long the connection has really been idle and, if not long enough, waits for the rest.
    private DelayedCall idleTimer;
    private boolean idle;
    private double idleSince;
    private final double idleTimeoutSeconds;
    private DelayedCall headerTimer;
    private DelayedCall bodyRateTimer;
    private long bodyBytesInWindow;

    /**
     * Creates a channel that serves {@code site}; the site's {@code buildProtocol} calls this.
     *
     * @param site the site whose resources answer requests
     */
    public HttpChannel(Site site) {
        this.site = Objects.requireNonNull(site, "site");
        this.settings = site.settings();
        this.clock = site.clock();
        this.idleTimeoutSeconds = ReactorTime.toSeconds(settings.idleTimeout());
    }

    /** Starts the idle timer and waits for the first request. */
    @Override
    public void connectionMade() {
        parser = new HttpParser(settings, new Events());
        afterInput();
    }

    /**
     * Parses {@code data}; complete requests are rendered before this returns if their resources
     * answer synchronously.
     *
     * @param data bytes from the client
     */
    @Override
    public void dataReceived(byte[] data) {
        if (closing) {
            return;
        }
        idle = false;
        depth++;
        try {
            parser.feed(data);
        } finally {
            depth--;
        }
        afterInput();
    }

    /** The client will send nothing more: answer what was received, then close. */
    @Override
    public void readConnectionLost() {
        inputClosed = true;
        afterInput();
    }

    /** Our writing side was closed; nothing to do. */
    @Override
    public void writeConnectionLost() {
    }

    /**
     * Stops the timers and tells a request still in progress that its client went away.
     *
     * @param reason why the connection ended
     */
    @Override
    public void connectionLost(Failure reason) {
        closing = true;
        cancelTimers();
        if (current != null) {
            Request r = current;
            current = null;
            r.connectionLost(reason);
        }
    }

    ReactorTime clock() {
        return clock;
    }

    /** For {@code assert}: true on the reactor thread (or with a test clock), throws elsewhere. */
    boolean onReactorThread(String operation) {
        return !(clock instanceof io.torsion.internet.ReactorThreads threads)
                || io.torsion.internet.ReactorThreadCheck.check(threads, operation);
    }

    HttpSettings settings() {
        return settings;
    }

    /** The {@code Date} header value for a response sent now. */
    String httpDate() {
        return site.httpDate();
    }

    /** Called by {@link Request#finish()}: log it, then go on to the next request or close. */
    void requestFinished(Request request) {
        try {
            site.log(request);
        } finally {
            requestDone(request);
        }
    }

    private void requestDone(Request request) {
        if (request != current) {
            return;
        }
        current = null;
        if (!request.isPersistent() || closing) {
            close();
            return;
        }
        depth++;
        try {
            parser.nextMessage();
        } finally {
            depth--;
        }
        afterInput();
    }

    /** Settles timers, half-close and read-ahead after the parser has run; only at the outermost call. */
    private void afterInput() {
        if (depth > 0 || closing) {
            return;
        }
        if (current == null) {
            if (inputClosed) {
                close();
                return;
            }
            if (parser.inMessage()) {
                if (headerTimer == null) {
                    headerTimer = clock.callLater(settings.headerTimeout(), this::timedOut);
                }
            } else {
                if (!idle) {
                    idle = true;
                    idleSince = clock.seconds();
                }
                if (idleTimer == null) {
                    idleTimer = clock.callLater(idleTimeoutSeconds, this::idleTimerFired);
                }
            }
        } else if (inputClosed && parser.state() != HttpParser.State.MESSAGE_DONE) {
            close(); // the body of the current request can never be completed
            return;
        }
        boolean over = parser.state() == HttpParser.State.MESSAGE_DONE && parser.buffered() > settings.maxReadAhead();
        if (over && !readPaused) {
            readPaused = true;
            transport().pauseProducing();
        } else if (!over && readPaused) {
            readPaused = false;
            transport().resumeProducing();
        }
    }

    /** Aborts if the connection has been idle for the whole timeout, else waits for the rest of it. */
    private void idleTimerFired() {
        idleTimer = null;
        if (closing || !idle) {
            return; // busy: the timer starts again when the connection next becomes idle
        }
        double left = idleSince + idleTimeoutSeconds - clock.seconds();
        if (left > 0) {
            idleTimer = clock.callLater(left, this::idleTimerFired);
        } else {
            timedOut();
        }
    }

    private void timedOut() {
        idleTimer = null;
        headerTimer = null;
        bodyRateTimer = null;
        if (!closing) {
            closing = true;
            cancelTimers();
            transport().abortConnection();
        }
    }

    private void close() {
        closing = true;
        cancelTimers();
        transport().loseConnection();
    }

    private void cancelTimers() {
        cancel(idleTimer);
        cancel(headerTimer);
        cancel(bodyRateTimer);
        idleTimer = null;
        headerTimer = null;
        bodyRateTimer = null;
    }

    /** Checks the body rate at the end of each window; trickling slower than the minimum aborts. */
    private void startBodyRateWindow() {
        bodyBytesInWindow = 0;
        if (settings.minBodyRate() > 0) {
            bodyRateTimer = clock.callLater(settings.bodyRateWindow(), this::bodyRateWindowEnded);
        }
    }

    private void bodyRateWindowEnded() {
        bodyRateTimer = null;
        double needed = settings.minBodyRate() * ReactorTime.toSeconds(settings.bodyRateWindow());
        if (bodyBytesInWindow < needed) {
            timedOut();
        } else {
            startBodyRateWindow();
        }
    }

    private void stopBodyRateWindow() {
        cancel(bodyRateTimer);
        bodyRateTimer = null;
    }

    private static void cancel(DelayedCall call) {
        if (call != null && call.active()) {
            call.cancel();
        }
    }

    private void sendError(int status, String message) {
        byte[] page = HttpStatus.page(status, message);
        String head = "HTTP/1.1 " + status + " " + HttpStatus.phrase(status) + "\r\n"
                + "Content-Type: text/html; charset=utf-8\r\nContent-Length: " + page.length
                + "\r\nConnection: close\r\n\r\n";
        transport().write(head.getBytes(StandardCharsets.ISO_8859_1));
        transport().write(page);
    }

    /** The parser's events, kept off the public API. */
    private final class Events implements HttpParser.Listener {
        @Override
        public void headReceived(RequestHead head) {
            cancel(headerTimer);
            headerTimer = null;
            current = new Request(HttpChannel.this, head, settings.bodySpoolThreshold());
            if (head.minorVersion() == 1 && head.framing() != RequestHead.Framing.NONE
                    && head.headers().hasToken("Expect", "100-continue")) {
                transport().write(CONTINUE);
            }
            if (head.framing() != RequestHead.Framing.NONE) {
                startBodyRateWindow();
            }
        }

        @Override
        public void bodyReceived(byte[] data) {
            bodyBytesInWindow += data.length;
            current.bodyReceived(data);
        }

        @Override
        public void messageReceived() {
            stopBodyRateWindow();
            current.process(site);
        }

        @Override
        public void parseFailed(int status, String message) {
            if (closing) {
                return;
            }
            sendError(status, message);
            close();
        }
    }
}
