package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.Producer;
import io.torsion.internet.Protocol;
import io.torsion.internet.Transport;
import io.torsion.web.Headers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives a caller the status, headers and streamed body of one HTTP response (Twisted's
 * {@code twisted.web._newclient.Response}).
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>The agent's Deferred fires with the response once its head has arrived; body bytes that
 *       arrive before step 2 are buffered.</li>
 *   <li>The caller calls {@link #deliverBody} once (or {@link #readBody()}, which does so): the
 *       protocol's {@code makeConnection} runs, then buffered and later bytes go to
 *       {@code dataReceived}. Its transport's {@code pauseProducing}/{@code resumeProducing} pause
 *       and resume the connection; {@code stopProducing} or {@code loseConnection} abandon the body
 *       and close the connection.</li>
 *   <li>{@code connectionLost} runs once with {@link ResponseDone} (the whole body),
 *       {@link PotentialDataLoss} (a body without length ended with the connection), or
 *       {@link ResponseFailed} (broken or malformed).</li>
 * </ol>
 *
 * <p>Threading: reactor thread only.
 */
public final class Response {
    private enum State { BUFFERING, DELIVERING, FINISHED }

    private final String version;
    private final int code;
    private final String phrase;
    private final Headers headers;
    private final URI uri;
    private Response previousResponse;
    private Transport source;
    private State state = State.BUFFERING;
    private final List<byte[]> buffered = new ArrayList<>();
    private Failure finishedReason;
    private Protocol protocol;

    Response(String version, int code, String phrase, Headers headers, URI uri, Transport source) {
        this.version = version;
        this.code = code;
        this.phrase = phrase;
        this.headers = headers;
        this.uri = uri;
        this.source = source;
    }

    /**
     * Returns the HTTP version of the response, e.g. {@code "HTTP/1.1"}.
     *
     * @return the version string
     */
    public String version() {
        return version;
    }

    /**
     * Returns the status code (Twisted's {@code code}).
     *
     * @return the code, e.g. 200
     */
    public int code() {
        return code;
    }

    /**
     * Returns the reason phrase (Twisted's {@code phrase}).
     *
     * @return the phrase, possibly empty
     */
    public String phrase() {
        return phrase;
    }

    /**
     * Returns the response headers (Twisted's {@code headers}).
     *
     * @return the headers; treat them as read-only
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Returns the URL this response answers (after redirects, the last one).
     *
     * @return the request's URL
     */
    public URI requestUri() {
        return uri;
    }

    /**
     * Returns the redirect response that led to this one (Twisted's {@code previousResponse}).
     *
     * @return the previous response, or empty
     */
    public Optional<Response> previousResponse() {
        return Optional.ofNullable(previousResponse);
    }

    void setPreviousResponse(Response previous) {
        previousResponse = previous;
    }

    /**
     * Starts delivering the body to {@code bodyProtocol} (Twisted's {@code deliverBody}); see the
     * lifecycle in the class description.
     *
     * @param bodyProtocol receives the body; its {@code connectionLost} says how it ended
     * @throws IllegalStateException if the body was already delivered
     */
    public void deliverBody(Protocol bodyProtocol) {
        Objects.requireNonNull(bodyProtocol, "bodyProtocol");
        if (protocol != null) {
            throw new IllegalStateException("the body was already delivered to " + protocol);
        }
        protocol = bodyProtocol;
        bodyProtocol.makeConnection(new BodyTransport());
        for (byte[] chunk : buffered) {
            bodyProtocol.dataReceived(chunk);
        }
        buffered.clear();
        if (state == State.FINISHED) {
            bodyProtocol.connectionLost(finishedReason);
        } else {
            state = State.DELIVERING;
        }
    }

    /**
     * Reads the whole body into memory (Twisted's {@code readBody}).
     *
     * @return fires with the body bytes; fails with {@link PartialDownloadError} when a body without
     *     length ended with the connection, or {@link ResponseFailed} when it broke; cancelling it
     *     closes the connection
     * @throws IllegalStateException if the body was already delivered
     */
    public Deferred<byte[]> readBody() {
        Deferred<byte[]> result = new Deferred<>(d -> abortSource());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        deliverBody(new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                body.writeBytes(data);
            }

            @Override
            public void connectionLost(Failure reason) {
                if (result.isCalled()) {
                    return;
                }
                if (reason.check(ResponseDone.class)) {
                    result.callback(body.toByteArray());
                } else if (reason.check(PotentialDataLoss.class)) {
                    result.errback(new PartialDownloadError(body.toByteArray()));
                } else {
                    result.errback(reason);
                }
            }
        });
        return result;
    }

    void bodyData(byte[] data) {
        if (state == State.FINISHED) {
            throw new IllegalStateException("body data after the body finished");
        }
        if (state == State.DELIVERING) {
            protocol.dataReceived(data);
        } else {
            buffered.add(data);
        }
    }

    void bodyFinished(Failure reason) {
        if (state == State.FINISHED) {
            return;
        }
        State was = state;
        state = State.FINISHED;
        finishedReason = reason;
        if (was == State.DELIVERING) {
            protocol.connectionLost(reason);
        }
    }

    boolean isFinished() {
        return state == State.FINISHED;
    }

    void setSource(Transport transport) {
        source = transport;
    }

    private void abortSource() {
        if (source != null) {
            source.abortConnection();
        }
    }

    /** The body protocol's view of the connection: flow control only. */
    private final class BodyTransport implements Transport {
        @Override
        public void write(byte[] data) {
            throw new UnsupportedOperationException("a response body cannot be written to");
        }

        @Override
        public void writeSequence(List<byte[]> data) {
            throw new UnsupportedOperationException("a response body cannot be written to");
        }

        @Override
        public void loseConnection() {
            stopProducing();
        }

        @Override
        public void abortConnection() {
            stopProducing();
        }

        @Override
        public boolean isDisconnecting() {
            return state == State.FINISHED;
        }

        @Override
        public Address getPeer() {
            return source.getPeer();
        }

        @Override
        public Address getHost() {
            return source.getHost();
        }

        @Override
        public void registerProducer(Producer producer, boolean streaming) {
            throw new UnsupportedOperationException("a response body takes no producer");
        }

        @Override
        public void unregisterProducer() {
        }

        @Override
        public void pauseProducing() {
            if (state != State.FINISHED && source != null) {
                source.pauseProducing();
            }
        }

        @Override
        public void resumeProducing() {
            if (state != State.FINISHED && source != null) {
                source.resumeProducing();
            }
        }

        @Override
        public void stopProducing() {
            if (state != State.FINISHED) {
                abortSource();
            }
        }
    }
}
