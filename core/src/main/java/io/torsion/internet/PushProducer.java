package io.torsion.internet;

/**
 * Produces data on its own schedule until asked to pause (Twisted's {@code IPushProducer}), for
 * example a transport delivering received bytes, or a protocol relaying another connection.
 * Register it with {@code consumer.registerProducer(producer, true)}.
 *
 * <p>Lifecycle: producing → paused (by {@link #pauseProducing}) → producing (by
 * {@link #resumeProducing}) …; {@link #stopProducing} ends it from any state.
 *
 * <p>Threading: reactor thread only.
 */
public interface PushProducer extends Producer {
    /**
     * Asks the producer to stop writing until {@link #resumeProducing} is called, because the
     * consumer's buffer is full. Data already being written may still arrive.
     */
    void pauseProducing();

    /** Lets a paused producer write again. */
    void resumeProducing();
}
