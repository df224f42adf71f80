package io.torsion.internet;

/**
 * Makes, abandons or drops one client's connection to one destination, and can make it again
 * (Twisted's {@code IConnector}). A reactor's {@code connectTCP} returns one; its
 * {@link ClientFactory} receives it in every hook.
 *
 * <p>Threading: reactor thread only.
 */
public interface Connector {
    /** Starts a new connection attempt, for example from {@code clientConnectionLost}. */
    void connect();

    /**
     * Abandons the attempt in progress; the factory's {@code clientConnectionFailed} follows.
     *
     * @throws NotConnectingError if no attempt is in progress
     */
    void stopConnecting();

    /** Drops the connection if there is one, or abandons the attempt if one is in progress. */
    void disconnect();

    /**
     * Returns where this connector connects to.
     *
     * @return the destination address
     */
    Address getDestination();
}
