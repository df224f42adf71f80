package io.torsion.cli;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Protocol;
import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorThreadCheck;
import io.torsion.internet.Transport;
import io.torsion.web.client.Agent;
import io.torsion.web.client.HttpError;
import io.torsion.web.client.InvalidUrlError;
import io.torsion.web.client.PotentialDataLoss;
import io.torsion.web.client.Response;
import io.torsion.web.client.ResponseDone;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Fetches one URL for {@code torsion get} with GET, as {@code getPage} does (redirects followed by
 * the agent, any status outside 2xx a failure), counting the body as it streams in and, when given
 * a file, saving it there.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #start} sends the request; the state is {@code REQUESTING}.</li>
 *   <li>A 2xx response's head moves it to {@code RECEIVING}: the file, if any, is created (it must
 *       not exist yet) and the body is streamed into it through {@code deliverBody}.</li>
 *   <li>The body's end, or any failure, moves it to {@code DONE} and fires the Deferred from
 *       {@link #start}: with the body's size, or with the reason. A file left by a failed body is
 *       deleted.</li>
 * </ol>
 *
 * <p>Saving happens on the reactor thread, one received chunk at a time: each chunk (at most what
 * one socket read delivered) is written with a blocking {@link FileChannel#write} before the next
 * is accepted, so memory stays bounded by one chunk and the reactor waits only for a local write
 * of that size. Nothing is buffered in memory across chunks. A body without a length that ends with
 * the connection counts as complete, as Twisted's {@code getPage} accepts it.
 *
 * <p>Threading: reactor thread only.
 */
final class Download {
    private enum State { NEW, REQUESTING, RECEIVING, DONE }

    private final Reactor reactor;
    private final String url;
    private final Path file;
    private State state = State.NEW;
    private long received;
    private OptionalLong length = OptionalLong.empty();
    private double startedAt;

    /**
     * Prepares a download.
     *
     * @param reactor times the download
     * @param url the URL as the user typed it
     * @param file where to save the body, or null to count it only
     */
    Download(Reactor reactor, String url, Path file) {
        this.reactor = reactor;
        this.url = url;
        this.file = file;
    }

    String url() {
        return url;
    }

    /** Returns how many body bytes have arrived so far. */
    long received() {
        return received;
    }

    /** Returns the body's Content-Length once a 2xx head has arrived with one. */
    OptionalLong length() {
        return length;
    }

    /** Returns the reactor time at which {@link #start} ran. */
    double startedAt() {
        return startedAt;
    }

    boolean isReceiving() {
        return state == State.RECEIVING;
    }

    /**
     * Sends the request through {@code agent}.
     *
     * @param agent sends the request and follows redirects
     * @return fires with the body's size in bytes; fails with {@link InvalidUrlError},
     *     {@link HttpError} (whose body is left empty: it is not read), a connection error, a
     *     {@code ResponseFailed}, a {@code RedirectLimitError} or an {@link IOException} from saving
     * @throws IllegalStateException if it was already started
     */
    Deferred<Long> start(Agent agent) {
        assert ReactorThreadCheck.check(reactor, "Download.start");
        expect(State.NEW);
        state = State.REQUESTING;
        startedAt = reactor.seconds();
        Deferred<Response> response;
        try {
            response = agent.request("GET", url, null, null);
        } catch (RuntimeException e) {
            response = Deferred.fail(new InvalidUrlError("cannot request " + url + ": " + e.getMessage(), e));
        }
        return response.addCallbackDeferred(this::receive).addFinally(() -> state = State.DONE);
    }

    private Deferred<Long> receive(Response response) throws IOException {
        expect(State.REQUESTING);
        if (response.code() < 200 || response.code() > 299) {
            // The error body is not wanted: close the connection rather than read it.
            response.deliverBody(new Discard());
            return Deferred.fail(new HttpError(response.code(), response.phrase(), new byte[0]));
        }
        state = State.RECEIVING;
        length = contentLength(response);
        FileChannel channel = null;
        if (file != null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                // Nowhere to save it: close the connection rather than leave the body unread.
                response.deliverBody(new Discard());
                throw e;
            }
        }
        Sink sink = new Sink(channel);
        response.deliverBody(sink);
        return sink.done;
    }

    private static OptionalLong contentLength(Response response) {
        try {
            return response.headers().getLast("Content-Length").map(String::strip)
                    .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("download of " + url + " is " + state + ", not " + expected);
        }
    }

    /** Abandons a body nobody will read. */
    private static final class Discard extends Protocol {
        @Override
        public void makeConnection(Transport transport) {
            super.makeConnection(transport);
            transport.stopProducing();
        }
    }

    /** Counts the body and writes each chunk to the file, if there is one. */
    private final class Sink extends Protocol {
        final Deferred<Long> done = new Deferred<>();
        private final FileChannel channel;
        private IOException writeError;

        Sink(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (writeError != null) {
                return;
            }
            received += data.length;
            if (channel == null) {
                return;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                // Stop the body; connectionLost reports this error instead of the abort it causes.
                writeError = e;
                transport().stopProducing();
            }
        }

        @Override
        public void connectionLost(Failure reason) {
            IOException closeError = close();
            if (writeError != null) {
                finish(new Failure(writeError));
            } else if (!reason.check(ResponseDone.class, PotentialDataLoss.class)) {
                finish(reason);
            } else if (closeError != null) {
                finish(new Failure(closeError));
            } else {
                done.callback(received);
            }
        }

        private void finish(Failure failure) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    failure.value().addSuppressed(e);
                }
            }
            done.errback(failure);
        }

        private IOException close() {
            if (channel == null) {
                return null;
            }
            try {
                channel.close();
                return null;
            } catch (IOException e) {
                return e;
            }
        }
    }
}
