package io.torsion.internet;

/**
 * Accepts bytes and controls the rate of at most one registered {@link Producer} (Twisted's
 * {@code IConsumer}). Every transport is a consumer.
 *
 * <p>A streaming ({@link PushProducer}) producer is paused when the consumer's buffer passes its
 * high-water mark and resumed when it has drained; a non-streaming ({@link PullProducer}) one is
 * asked for more each time the buffer has drained.
 *
 * <pre>{@code
 * transport.registerProducer(relay, true);   // relay is a PushProducer
 * ...
 * transport.unregisterProducer();            // before loseConnection: a transport with a
 * transport.loseConnection();                // producer registered does not close
 * }</pre>
 *
 * <p>Threading: reactor thread only.
 */
public interface Consumer {
    /**
     * Registers the producer that feeds this consumer.
     *
     * @param producer the producer
     * @param streaming true for a {@link PushProducer}, false for a {@link PullProducer}
     * @throws IllegalStateException if a producer is already registered (unregister it first)
     * @throws IllegalArgumentException if {@code streaming} does not match the producer's kind
     */
    void registerProducer(Producer producer, boolean streaming);

    /**
     * Unregisters the producer; the consumer stops pausing, resuming or pulling it.
     *
     * @throws IllegalStateException if no producer is registered
     */
    void unregisterProducer();

    /**
     * Writes bytes to the consumer. The consumer takes the array over: do not change it afterwards.
     *
     * @param data the bytes
     */
    void write(byte[] data);

    /**
     * Checks that {@code producer} is of the kind {@code streaming} says, for implementations of
     * {@link #registerProducer}.
     *
     * @param producer the producer
     * @param streaming the flag given with it
     * @throws NullPointerException if {@code producer} is null
     * @throws IllegalArgumentException if a streaming producer is not a {@link PushProducer}, or a
     *     non-streaming one is not a {@link PullProducer}
     */
    static void checkProducerKind(Producer producer, boolean streaming) {
        if (producer == null) {
            throw new NullPointerException("producer");
        }
        if (streaming && !(producer instanceof PushProducer)) {
            throw new IllegalArgumentException("a streaming producer must be a PushProducer: " + producer);
        }
        if (!streaming && !(producer instanceof PullProducer)) {
            throw new IllegalArgumentException("a non-streaming producer must be a PullProducer: " + producer);
        }
    }
}
