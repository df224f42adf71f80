package io.torsion.internet;

/**
 * Produces one piece of data each time the consumer asks (Twisted's {@code IPullProducer}), for
 * example a file sender. Register it with {@code consumer.registerProducer(producer, false)}.
 *
 * <p>Threading: reactor thread only.
 */
public interface PullProducer extends Producer {
    /**
     * Writes the next piece of data to the consumer (or, when there is no more, unregisters
     * itself). Called by the consumer whenever it is ready for more.
     */
    void resumeProducing();
}
