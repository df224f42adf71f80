package io.torsion.internet.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * What the reactor calls when a channel registered with {@link EventLoop#register} is ready: the
 * hook that transports (TCP ports and connections, later UDP and pipes) implement. It is the
 * key's attachment, which must not be replaced; a transport changes its interest with {@link SelectionKey#interestOps(int)} and
 * leaves the loop with {@link SelectionKey#cancel()} and closing the channel.
 *
 * <p>Threading: called on the reactor thread only.
 */
@FunctionalInterface
public interface ChannelHandler {
    /**
     * Handles the ready operations of {@code key} ({@link SelectionKey#readyOps()}).
     *
     * @param key the channel's key
     * @throws Exception anything; the loop logs it with its stack, then calls
     *     {@link #channelFailed}
     */
    void channelReady(SelectionKey key) throws Exception;

    /**
     * Called after {@link #channelReady} threw, once the error has been logged. The default cancels
     * the key and closes the channel; a transport overrides it to tell its protocol that the
     * connection was lost.
     *
     * @param key the channel's key
     * @param error what {@code channelReady} threw
     */
    default void channelFailed(SelectionKey key, Throwable error) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException closeError) {
            error.addSuppressed(closeError);
        }
    }
}
