package io.torsion.internet;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * Registers channels with a reactor for tests in other packages, until the transports give them a
 * public way (the registration itself is internal).
 */
public final class TestChannels {
    private TestChannels() {
    }

    /**
     * Registers {@code channel} for reading with a handler that does nothing.
     *
     * @param reactor the reactor, on its thread or before it runs
     * @param channel the channel
     * @return the key
     * @throws IOException if the channel cannot be registered
     */
    public static SelectionKey registerIdle(SelectorReactor reactor, SelectableChannel channel) throws IOException {
        return reactor.loop().register(channel, SelectionKey.OP_READ, key -> { });
    }
}
