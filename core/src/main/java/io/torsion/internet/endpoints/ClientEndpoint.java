package io.torsion.internet.endpoints;

import io.torsion.defer.Deferred;
import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;

/**
 * Makes one outgoing connection somewhere, hiding how (Twisted's {@code IStreamClientEndpoint}).
 * Make one with a constructor such as {@link TCP4ClientEndpoint} or {@link HostnameEndpoint}, or
 * from a description with {@link Endpoints#clientFromString}.
 *
 * <p>Threading: reactor thread only.
 */
public interface ClientEndpoint {
    /**
     * Connects, building the protocol with {@code factory} once the connection is made.
     * Cancelling the returned Deferred abandons the attempt.
     *
     * @param factory builds the protocol; its {@code doStart} runs when the attempt begins and its
     *     {@code doStop} after the attempt fails or the connection ends
     * @param <P> the protocol type
     * @return fires with the connected protocol, after its {@code connectionMade}; fails with a
     *     {@link io.torsion.internet.ConnectError} (such as
     *     {@link io.torsion.internet.ConnectionRefusedError} or
     *     {@link io.torsion.internet.DNSLookupError}), with {@link io.torsion.defer.CancelledError}
     *     if cancelled, or with {@link UnsupportedOperationException} if the reactor lacks the
     *     transport
     */
    <P extends Protocol> Deferred<P> connect(Factory<P> factory);
}
