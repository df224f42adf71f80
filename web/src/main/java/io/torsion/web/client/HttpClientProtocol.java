package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Consumer;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.Producer;
import io.torsion.internet.ReactorTime;
import io.torsion.web.Headers;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Sends one request at a time over a connection and parses the response (Twisted's
 * {@code HTTP11ClientProtocol}). States: IDLE (connected, nothing outstanding), WAITING (request
 * sent, no head yet), RECEIVING (head delivered, body in progress), CLOSED.
 */
final class HttpClientProtocol extends io.torsion.internet.Protocol implements ResponseParser.Listener {
    enum State { IDLE, WAITING, RECEIVING, CLOSED }

    /** Hears when the connection can take another request, or has gone. */
    interface Owner {
        /** The response finished and the connection may be reused. */
        void reusable(HttpClientProtocol protocol);

        /** The connection closed. */
        void closed(HttpClientProtocol protocol);
    }

    private final ReactorTime clock;
    private final double responseTimeoutSeconds;
    private State state = State.IDLE;
    private Owner owner;
    private ClientRequest current;
    private boolean persistentRequest;
    private Deferred<Response> pending;
    private ResponseParser parser;
    private Response response;
    private DelayedCall timeoutCall;
    private BodyProducer producing;
    private boolean responseComplete;
    private boolean responseKeepsAlive;
    private int requestsStarted;
    private final Deferred<HttpClientProtocol> connected = new Deferred<>();

    HttpClientProtocol(ReactorTime clock, double responseTimeoutSeconds) {
        this.clock = clock;
        this.responseTimeoutSeconds = responseTimeoutSeconds;
    }

    State state() {
        return state;
    }

    int requestsStarted() {
        return requestsStarted;
    }

    void setOwner(Owner owner) {
        this.owner = owner;
    }

    Deferred<HttpClientProtocol> whenConnected() {
        return connected;
    }

    @Override
    public void connectionMade() {
        connected.callback(this);
    }

    /** Writes {@code request}; the Deferred fires with the response once its head has arrived. */
    Deferred<Response> request(ClientRequest request, boolean persistent) {
        if (state != State.IDLE) {
            throw new IllegalStateException("a request can only be sent in state IDLE, not " + state);
        }
        requestsStarted++;
        state = State.WAITING;
        current = request;
        persistentRequest = persistent;
        responseComplete = false;
        response = null;
        pending = new Deferred<>(d -> transport().abortConnection());
        parser = new ResponseParser(this, request.method().equals("HEAD"));
        Deferred<Response> result = pending;
        OptionalLong length = request.body() == null ? OptionalLong.empty() : request.body().length();
        transport().write(request.head(length, persistent));
        if (responseTimeoutSeconds > 0) {
            timeoutCall = clock.callLater(responseTimeoutSeconds, this::responseTimedOut);
        }
        if (request.body() != null) {
            sendBody(request.body(), length);
        }
        return result;
    }

    private void sendBody(BodyProducer body, OptionalLong length) {
        producing = body;
        BodyConsumer consumer = new BodyConsumer(length);
        Deferred<Void> done;
        try {
            done = body.startProducing(consumer);
        } catch (Exception e) {
            done = Deferred.fail(e);
        }
        done.addCallbacks(ignored -> {
            if (producing != body) {
                return null;
            }
            producing = null;
            if (length.isPresent() && consumer.written != length.getAsLong()) {
                transmissionFailed(new IllegalStateException("the body producer wrote " + consumer.written
                        + " bytes, but its length is " + length.getAsLong()));
            } else if (length.isEmpty() && isConnected()) {
                transport().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                maybeFinished();
            } else {
                maybeFinished();
            }
            return null;
        }, failure -> {
            if (producing == body) {
                producing = null;
                transmissionFailed(failure.value());
            }
            return null;
        });
    }

    private void transmissionFailed(Throwable cause) {
        failPending(new RequestTransmissionFailed("sending the request body failed: " + cause.getMessage(), cause));
        if (isConnected()) {
            transport().abortConnection();
        }
    }

    private void responseTimedOut() {
        timeoutCall = null;
        if (state == State.WAITING) {
            failPending(new ResponseTimeoutError("no response within " + responseTimeoutSeconds + " s from "
                    + current.uri()));
            transport().abortConnection();
        }
    }

    private void failPending(Throwable error) {
        cancelTimeout();
        Deferred<Response> d = pending;
        pending = null;
        if (d != null && !d.isCalled()) {
            d.errback(error);
        }
    }

    private void cancelTimeout() {
        if (timeoutCall != null && timeoutCall.active()) {
            timeoutCall.cancel();
        }
        timeoutCall = null;
    }

    @Override
    public void dataReceived(byte[] data) {
        if (state == State.IDLE) {
            transport().abortConnection(); // unsolicited bytes: the connection cannot be trusted
            return;
        }
        if (state != State.WAITING && state != State.RECEIVING) {
            return;
        }
        try {
            parser.feed(data);
        } catch (BadResponseError e) {
            state = State.CLOSED;
            ResponseFailed failed = new ResponseFailed("bad response from " + current.uri() + ": " + e.getMessage(), e);
            if (response != null) {
                response.bodyFinished(new Failure(failed));
            } else {
                failPending(failed);
            }
            transport().abortConnection();
            return;
        }
        maybeFinished();
    }

    @Override
    public void headReceived(String version, int code, String phrase, Headers headers) {
        cancelTimeout();
        state = State.RECEIVING;
        response = new Response(version, code, phrase, headers, current.uri(), transport());
        responseKeepsAlive = version.equals("HTTP/1.1") && !headers.hasToken("Connection", "close");
        Deferred<Response> d = pending;
        pending = null;
        if (d != null) {
            d.callback(response);
        }
    }

    @Override
    public void bodyData(byte[] data) {
        response.bodyData(data);
    }

    @Override
    public void bodyDone(boolean dataLoss) {
        responseComplete = true;
        response.bodyFinished(new Failure(dataLoss ? new PotentialDataLoss("the body ended with the connection")
                : new ResponseDone("response done")));
    }

    private void maybeFinished() {
        if (!responseComplete || state != State.RECEIVING || producing != null) {
            return;
        }
        boolean reusable = persistentRequest && responseKeepsAlive && parser.leftover() == 0
                && parser.framing() != ResponseParser.Framing.UNTIL_CLOSE && isConnected()
                && !transport().isDisconnecting();
        state = State.IDLE;
        current = null;
        if (reusable && owner != null) {
            // The body's protocol may have paused the connection and, its body complete, never
            // resumed it: a paused connection in the pool would never read its next response.
            transport().resumeProducing();
            owner.reusable(this);
        } else if (isConnected()) {
            transport().loseConnection();
        }
    }

    @Override
    public void connectionLost(Failure reason) {
        State was = state;
        state = State.CLOSED;
        cancelTimeout();
        if (producing != null) {
            BodyProducer p = producing;
            producing = null;
            p.stopProducing();
            failPending(new RequestTransmissionFailed("the connection ended while the body was sent: "
                    + reason.getErrorMessage(), reason.value()));
        }
        if (was == State.WAITING) {
            if (parser.isIdle()) {
                failPending(new ResponseNeverReceived("the connection ended before a response: "
                        + reason.getErrorMessage(), reason.value()));
            } else {
                try {
                    parser.connectionLost();
                } catch (BadResponseError e) {
                    failPending(new ResponseFailed(e.getMessage(), e));
                }
            }
        } else if (was == State.RECEIVING && !responseComplete) {
            try {
                parser.connectionLost();
            } catch (BadResponseError e) {
                e.addSuppressed(reason.value());
                response.bodyFinished(new Failure(new ResponseFailed(e.getMessage(), e)));
            }
        }
        if (owner != null) {
            owner.closed(this);
        }
        if (!connected.isCalled()) {
            connected.errback(reason);
        }
    }

    /** Frames the body producer's writes: counted for Content-Length, or as chunks. */
    private final class BodyConsumer implements Consumer {
        private final OptionalLong length;
        private long written;

        BodyConsumer(OptionalLong length) {
            this.length = length;
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            transport().registerProducer(producer, streaming);
        }

        @Override
        public void unregisterProducer() {
            transport().unregisterProducer();
        }

        @Override
        public void write(byte[] data) {
            if (!isConnected() || data.length == 0) {
                return;
            }
            written += data.length;
            if (length.isPresent()) {
                if (written > length.getAsLong()) {
                    transmissionFailed(new IllegalStateException("the body producer wrote more than its length "
                            + length.getAsLong()));
                    return;
                }
                transport().write(data);
            } else {
                byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                transport().writeSequence(java.util.List.of(size, data, "\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }
}
