package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.internet.Consumer;
import java.util.OptionalLong;

/**
 * Supplies a request's body to the connection (Twisted's {@code IBodyProducer}): the agent calls
 * {@link #startProducing} once the head is written, the producer writes to the consumer, and fires
 * the returned Deferred when the body is complete.
 *
 * <p>With a known {@link #length()} the request carries {@code Content-Length} and the producer
 * must write exactly that many bytes (otherwise the request fails with
 * {@link RequestTransmissionFailed}); with an unknown length the body is sent chunked.
 * A producer given to a redirecting agent may be started again for the redirected request;
 * {@link #ofBytes} supports that.
 *
 * <p>Threading: reactor thread only.
 */
public interface BodyProducer {
    /**
     * Returns the body's length in bytes, or empty when it is not known in advance.
     *
     * @return the length, or empty for a chunked body
     */
    OptionalLong length();

    /**
     * Starts writing the body to {@code consumer}.
     *
     * @param consumer where the bytes go; it may have a producer registered on it
     * @return fires with null when the whole body was written; a failure aborts the request
     */
    Deferred<Void> startProducing(Consumer consumer);

    /** Stops producing because the request is abandoned; the Deferred need not fire afterwards. */
    void stopProducing();

    /**
     * Returns a producer that writes {@code body} at once (Twisted's {@code FileBodyProducer} over
     * bytes); it may be started any number of times.
     *
     * @param body the bytes, copied
     * @return the producer, with a known length
     */
    static BodyProducer ofBytes(byte[] body) {
        byte[] copy = body.clone();
        return new BodyProducer() {
            @Override
            public OptionalLong length() {
                return OptionalLong.of(copy.length);
            }

            @Override
            public Deferred<Void> startProducing(Consumer consumer) {
                if (copy.length > 0) {
                    consumer.write(copy.clone());
                }
                return Deferred.succeed(null);
            }

            @Override
            public void stopProducing() {
            }
        };
    }
}
