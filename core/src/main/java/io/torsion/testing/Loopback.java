package io.torsion.testing;

import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.ConnectionAborted;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.ConnectionLost;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.Protocol;

/**
 * Joins a client and a server protocol in memory and moves their bytes when the test says so
 * (Twisted's {@code iosim.IOPump} and {@code connect}, and {@code loopback.loopbackAsync}).
 *
 * <pre>{@code
 * Loopback loop = Loopback.connect(new Client(), new EchoServer());
 * client.sendLine(bytes("hi"));
 * loop.flush();                                   // pumps until nothing moves
 * assertEquals(List.of("hi"), client.lines);
 * }</pre>
 *
 * <p>{@link #pump()} does one step: it delivers each end's queued bytes to the other end as one
 * {@code dataReceived} (unless the receiving end is paused or closing), asks pull producers for
 * more, and carries out closes that are due. {@link #flush()} repeats {@code pump()} until nothing
 * moves, and fails after {@link #MAX_PUMPS} steps so that two protocols that answer each other
 * forever fail the test instead of hanging it.
 *
 * <p>Closing, as over TCP: after {@code loseConnection} on one end, once its queue is delivered and
 * its producer unregistered, both protocols get {@code connectionLost} with {@link ConnectionDone}
 * (the closing end first). After {@code abortConnection}, the aborting end gets
 * {@link ConnectionAborted} and the other {@link ConnectionLost}, and queued bytes are dropped.
 * After {@code loseWriteConnection}, once the queue is delivered, the other end's protocol gets
 * {@code readConnectionLost} if it is a {@link HalfCloseableProtocol} (and the closing end
 * {@code writeConnectionLost}); otherwise the connection closes. When both write halves have
 * closed, both ends get {@code connectionLost} with {@link ConnectionDone}.
 *
 * <p>Flow control: see {@link LoopbackTransport} and {@link FlowControl}.
 *
 * <p>Threading: not thread-safe; use it from the test's thread.
 */
public final class Loopback {
    /** How many pumps {@link #flush()} runs before deciding the protocols never go quiet. */
    public static final int MAX_PUMPS = 1000;
    /** The client end's address. */
    public static final IPv4Address CLIENT_ADDRESS = IPv4Address.tcp("127.0.0.1", 50000);
    /** The server end's address. */
    public static final IPv4Address SERVER_ADDRESS = IPv4Address.tcp("127.0.0.1", 8000);

    /**
     * The flow-control marks of both ends (Twisted's {@code FileDescriptor.bufferSize}, where the
     * low-water mark is 0).
     *
     * <p>Threading: immutable.
     *
     * @param highWaterMark a streaming producer is paused when its end's queue holds more bytes
     * @param lowWaterMark it is resumed when delivery drains the queue to at most this many bytes
     */
    public record FlowControl(int highWaterMark, int lowWaterMark) {
        /**
         * Checks the marks.
         *
         * @param highWaterMark the pause threshold
         * @param lowWaterMark the resume threshold
         * @throws IllegalArgumentException if either is negative or low exceeds high
         */
        public FlowControl {
            if (lowWaterMark < 0 || highWaterMark < lowWaterMark) {
                throw new IllegalArgumentException("need 0 <= lowWaterMark <= highWaterMark, got " + lowWaterMark
                        + " and " + highWaterMark);
            }
        }

        /**
         * Returns Twisted's marks: pause above 64 KiB, resume when empty.
         *
         * @return the defaults
         */
        public static FlowControl defaults() {
            return new FlowControl(64 * 1024, 0);
        }
    }

    private final LoopbackTransport client;
    private final LoopbackTransport server;

    private Loopback(LoopbackTransport client, LoopbackTransport server) {
        this.client = client;
        this.server = server;
    }

    /**
     * Connects the two protocols with default flow control: the server's {@code connectionMade}
     * runs first, then the client's, as in Twisted's {@code iosim.connect}.
     *
     * @param clientProtocol the client end
     * @param serverProtocol the server end
     * @return the pump
     */
    public static Loopback connect(Protocol clientProtocol, Protocol serverProtocol) {
        return connect(clientProtocol, serverProtocol, FlowControl.defaults());
    }

    /**
     * Connects the two protocols with the given flow-control marks.
     *
     * @param clientProtocol the client end
     * @param serverProtocol the server end
     * @param flow the marks for both ends
     * @return the pump
     */
    public static Loopback connect(Protocol clientProtocol, Protocol serverProtocol, FlowControl flow) {
        Address c = CLIENT_ADDRESS;
        Address s = SERVER_ADDRESS;
        LoopbackTransport clientTransport = new LoopbackTransport(clientProtocol, c, s, flow);
        LoopbackTransport serverTransport = new LoopbackTransport(serverProtocol, s, c, flow);
        serverProtocol.makeConnection(serverTransport);
        clientProtocol.makeConnection(clientTransport);
        return new Loopback(clientTransport, serverTransport);
    }

    /**
     * Returns the client end's transport.
     *
     * @return the transport
     */
    public LoopbackTransport clientTransport() {
        return client;
    }

    /**
     * Returns the server end's transport.
     *
     * @return the transport
     */
    public LoopbackTransport serverTransport() {
        return server;
    }

    /**
     * Does one step: delivers queued bytes both ways, pulls from pull producers, and carries out
     * due closes.
     *
     * @return true if anything was delivered or happened
     */
    public boolean pump() {
        // Both ends' bytes are taken before either is delivered, as in Twisted's IOPump: a reply
        // written during this delivery waits for the next pump.
        byte[] toServer = take(client, server);
        byte[] toClient = take(server, client);
        boolean moved = toServer != null || toClient != null;
        if (toServer != null) {
            server.protocol().dataReceived(toServer);
        }
        if (toClient != null) {
            client.protocol().dataReceived(toClient);
        }
        moved |= client.pull();
        moved |= server.pull();
        moved |= closeWhatIsDue();
        return moved;
    }

    /**
     * Pumps until nothing moves.
     *
     * @return how many pumps moved something
     * @throws IllegalStateException if the protocols still exchange data after {@link #MAX_PUMPS}
     *     pumps
     */
    public int flush() {
        for (int pumps = 0; pumps < MAX_PUMPS; pumps++) {
            if (!pump()) {
                return pumps;
            }
        }
        throw new IllegalStateException("the protocols still exchange data after " + MAX_PUMPS
                + " pumps: they probably answer each other forever");
    }

    private static byte[] take(LoopbackTransport from, LoopbackTransport to) {
        if (!from.hasQueued() || !to.accepts()) {
            return null;
        }
        return from.drain();
    }

    private boolean closeWhatIsDue() {
        if (!client.isOpen() && !server.isOpen()) {
            return false;
        }
        for (LoopbackTransport end : new LoopbackTransport[] {client, server}) {
            LoopbackTransport other = end == client ? server : client;
            if (end.isAborting()) {
                end.close(new Failure(new ConnectionAborted("connection aborted by this end")));
                if (other.isOpen()) {
                    other.close(new Failure(new ConnectionLost("connection reset by the peer")));
                }
                return true;
            }
        }
        for (LoopbackTransport end : new LoopbackTransport[] {client, server}) {
            LoopbackTransport other = end == client ? server : client;
            if (end.readyToClose()) {
                closeBoth(end, other);
                return true;
            }
        }
        boolean moved = false;
        for (LoopbackTransport end : new LoopbackTransport[] {client, server}) {
            LoopbackTransport other = end == client ? server : client;
            if (end.readyToCloseWriteHalf()) {
                end.markWriteClosed();
                moved = true;
                if (!(other.protocol() instanceof HalfCloseableProtocol otherHalf)) {
                    closeBoth(other, end); // the peer treats end-of-input as a full close
                    return true;
                }
                other.markReadClosed();
                otherHalf.readConnectionLost();
                if (end.protocol() instanceof HalfCloseableProtocol endHalf && end.isOpen()) {
                    endHalf.writeConnectionLost();
                }
            }
        }
        if (client.isOpen() && server.isOpen() && client.isWriteClosed() && server.isWriteClosed()) {
            closeBoth(client, server);
            return true;
        }
        return moved;
    }

    private static void closeBoth(LoopbackTransport first, LoopbackTransport second) {
        if (first.isOpen()) {
            first.close(new Failure(new ConnectionDone("connection was closed cleanly")));
        }
        if (second.isOpen()) {
            second.close(new Failure(new ConnectionDone("connection was closed cleanly")));
        }
    }
}
