package io.torsion.internet;

import io.torsion.defer.Deferred;

/**
 * A port that accepts connections and builds a protocol for each with its factory, until told to
 * stop (Twisted's {@code IListeningPort}). {@link ReactorTCP#listenTCP} returns one, already
 * listening.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>listening: the factory's {@code doStart} has run; each accepted connection gets a protocol
 *       from {@code buildProtocol} and {@code makeConnection};</li>
 *   <li>{@link #stopListening()}: the socket is closed at once, so no more connections are
 *       accepted (connections already accepted stay open); at the end of the loop turn the
 *       factory's {@code doStop} runs and the returned Deferred fires;</li>
 *   <li>stopped. The reactor's shutdown stops every port still listening.</li>
 * </ol>
 *
 * <p>Threading: reactor thread only.
 */
public interface ListeningPort {
    /**
     * Stops accepting connections and closes the listening socket (Twisted's
     * {@code stopListening}, also called {@code loseConnection}). Calling it again returns a
     * Deferred for the same close.
     *
     * @return fires with null once the socket is closed and the factory's {@code doStop} has run;
     *     it does not fail (an error of {@code doStop} is logged)
     */
    Deferred<Void> stopListening();

    /**
     * Returns the address this port listens on, with the actual port number when port 0 was asked
     * for (Twisted's {@code getHost}).
     *
     * @return an {@link IPv4Address} or {@link IPv6Address} of type TCP
     */
    Address getHost();
}
