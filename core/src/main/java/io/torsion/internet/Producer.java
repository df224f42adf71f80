package io.torsion.internet;

/**
 * Produces data for a {@link Consumer} and can be told to stop for good (Twisted's
 * {@code IProducer}). Implement {@link PushProducer} or {@link PullProducer}, never this alone.
 *
 * <p>Threading: reactor thread only.
 */
public interface Producer {
    /**
     * Stops producing for good, because the consumer is going away (for a transport: the
     * connection was lost). The producer must not write to the consumer afterwards.
     */
    void stopProducing();
}
