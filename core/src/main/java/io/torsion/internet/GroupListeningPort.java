package io.torsion.internet;

import io.torsion.defer.Deferred;
import io.torsion.internet.internal.PortShare;
import io.torsion.internet.internal.TcpPort;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port listening for a whole {@link ReactorGroup}: the group's first reactor accepts, and
 * each connection is served by the next reactor in round-robin order (Twisted's
 * {@code IListeningPort}, for several reactors). {@link ReactorGroup#listenTCP} returns one,
 * already listening.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>listening: every reactor's factory has started; each accepted connection gets a protocol
 *       from the factory of the reactor that serves it, on that reactor's thread;</li>
 *   <li>{@link #stopListening()} or {@link #stopListeningFromThread()}: the listening socket
 *       closes on the first reactor, so new connections are refused; then each reactor serves the
 *       connections already handed to it and stops its factory; connections already accepted stay
 *       open;</li>
 *   <li>stopped, when every reactor's part has stopped. The group's stop stops a port still
 *       listening.</li>
 * </ol>
 *
 * <p>A reactor of the group that was stopped on its own is skipped by the round robin. Not
 * guaranteed: a connection handed to a reactor in the very turn its shutdown closes its ports may
 * be dropped without being served.
 *
 * <p>Threading: {@link #stopListening()}: a thread of one of the group's reactors, and its
 * Deferred fires on that thread. {@link #stopListeningFromThread()} and {@link #getHost()}: any
 * thread (the stop is handed to the reactors through {@code callFromThread}; the address is
 * immutable).
 */
public final class GroupListeningPort implements ListeningPort {
    private final ReactorGroup group;
    private final TcpPort listener;
    private final Stops stops;
    private final Address host;
    private final AtomicBoolean stopAsked = new AtomicBoolean();

    GroupListeningPort(ReactorGroup group, TcpPort listener, Stops stops) {
        this.group = group;
        this.listener = listener;
        this.stops = stops;
        this.host = listener.getHost();
    }

    /**
     * Stops accepting connections on every reactor (Twisted's {@code stopListening}); calling it
     * again returns a Deferred for the same stop.
     *
     * @return fires with null, on the calling reactor's thread, once the listening socket is closed
     *     and every reactor has stopped its factory; it does not fail (an error of {@code doStop}
     *     is logged). If the calling reactor stops first, it never fires.
     * @throws IllegalStateException if not called on a thread of one of the group's reactors (use
     *     {@link #stopListeningFromThread()} there)
     */
    @Override
    public Deferred<Void> stopListening() {
        SelectorReactor caller = group.reactorOfCurrentThread();
        if (caller == null) {
            throw new IllegalStateException("stopListening must be called on a thread of " + group + ", not on "
                    + Thread.currentThread().getName() + "; use stopListeningFromThread");
        }
        beginStop();
        Deferred<Void> d = new Deferred<>();
        stops.done.whenComplete((ignored, never) -> caller.callFromThread(() -> d.callback(null)));
        return d;
    }

    /**
     * Stops accepting connections on every reactor, as {@link #stopListening()} does, from any
     * thread.
     *
     * @return completes with null once the listening socket is closed and every reactor has
     *     stopped its factory, on the thread of the last reactor to stop; never exceptionally.
     *     Do not wait for it on a group reactor thread: that reactor may be the one to complete it.
     */
    public CompletableFuture<Void> stopListeningFromThread() {
        beginStop();
        return stops.done.copy();
    }

    private void beginStop() {
        if (!stopAsked.compareAndSet(false, true)) {
            return;
        }
        List<SelectorReactor> reactors = group.reactors();
        PortShare[] shares = stops.shares;
        reactors.get(0).callFromThread(() -> listener.stopListening().addCallback(ignored -> {
            // Queued after every hand-off the listener made, so each reactor adopts those first.
            shares[0].stop();
            for (int i = 1; i < shares.length; i++) {
                reactors.get(i).callFromThread(shares[i]::stop);
            }
            return null;
        }));
    }

    /**
     * Returns the address the group listens on, with the actual port number when port 0 was asked
     * for (Twisted's {@code getHost}).
     *
     * @return an {@link IPv4Address} or {@link IPv6Address} of type TCP
     */
    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public String toString() {
        return "<group port on " + host + ">";
    }

    /** Counts the reactors' parts down to "stopped"; any thread. */
    static final class Stops {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final PortShare[] shares;
        private final AtomicInteger left;

        Stops(int n) {
            this.shares = new PortShare[n];
            this.left = new AtomicInteger(n);
        }

        void shareStopped() {
            if (left.decrementAndGet() == 0) {
                done.complete(null);
            }
        }
    }

    /** Hands each accepted channel to the next reactor's share; the acceptor's thread only. */
    static final class HandOff {
        private final List<SelectorReactor> reactors;
        private final PortShare[] shares;
        private int next;

        HandOff(List<SelectorReactor> reactors, PortShare[] shares) {
            this.reactors = reactors;
            this.shares = shares;
        }

        void accept(SocketChannel accepted) {
            int i = next;
            // A reactor stopped on its own (not through the group) is skipped: its thread calls
            // would never run. The acceptor itself (0) is running, since it is calling.
            for (int tries = 1; i != 0 && !reactors.get(i).isRunning() && tries < shares.length; tries++) {
                i = (i + 1) % shares.length;
            }
            next = (i + 1) % shares.length;
            if (i == 0) {
                shares[0].adopt(accepted);
                return;
            }
            PortShare share = shares[i];
            // The serving reactor registers the channel on its own thread: one thread per connection.
            reactors.get(i).callFromThread(() -> share.adopt(accepted));
        }
    }
}
