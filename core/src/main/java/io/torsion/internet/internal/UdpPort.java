package io.torsion.internet.internal;

import io.torsion.defer.Deferred;
import io.torsion.internet.Address;
import io.torsion.internet.CannotListenError;
import io.torsion.internet.DatagramProtocol;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.InvalidAddressError;
import io.torsion.internet.MessageLengthError;
import io.torsion.internet.MulticastJoinError;
import io.torsion.internet.MulticastTransport;
import io.torsion.internet.ReactorThreadCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One UDP port over a non-blocking {@link DatagramChannel}, plain or multicast (Twisted's
 * {@code udp.Port} and {@code udp.MulticastPort}).
 *
 * <p>Lifecycle, enforced by {@link PortLifecycle}: {@code LISTENING} (the protocol's
 * {@code startProtocol} has run) → {@code STOPPING} ({@link #stopListening()} closed the channel;
 * at the end of the turn after the next select, when the kernel has released the socket, the
 * protocol's {@code doStop} runs and the Deferreds fire) →
 * {@code STOPPED}.
 *
 * <p>Each selector pass receives at most {@link #DATAGRAMS_PER_PASS} datagrams, so a flood on one
 * port cannot starve the others. What the protocol throws is logged and the port goes on, as in
 * Twisted.
 *
 * <p>Threading: reactor thread only; public methods assert it.
 */
public final class UdpPort implements MulticastTransport, ChannelHandler, TcpResource {
    /** How many datagrams one selector pass receives at most. */
    public static final int DATAGRAMS_PER_PASS = 64;

    private final TcpContext ctx;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final ByteBuffer buffer;
    private final Address host;
    private final Map<String, MembershipKey> groups = new HashMap<>();
    private SelectionKey key;
    private final PortLifecycle lifecycle;
    private InetSocketAddress connectedTo;
    private String outgoingInterface = "";

    private UdpPort(TcpContext ctx, DatagramChannel channel, DatagramProtocol protocol, int maxPacketSize)
            throws IOException {
        this.ctx = ctx;
        this.lifecycle = new PortLifecycle(ctx.loop(), this::closeSocket, this::afterStop);
        this.channel = channel;
        this.protocol = protocol;
        this.buffer = ByteBuffer.allocateDirect(maxPacketSize);
        this.host = toUdpAddress(channel.getLocalAddress());
    }

    /**
     * Opens, binds and registers a UDP socket, then attaches the protocol.
     *
     * @param ctx the reactor's context
     * @param port the port, 0 for a free one
     * @param protocol the protocol
     * @param interfaceAddress a literal address, or {@code ""} for every IPv4 interface
     * @param maxPacketSize the receive buffer's size
     * @param multicast whether the socket is IPv4 only (for multicast)
     * @param listenMultiple whether other sockets may bind the same port
     * @return the port
     * @throws CannotListenError if the socket cannot be opened or bound
     * @throws IllegalArgumentException if an argument is out of range or not a literal
     * @throws IllegalStateException if the protocol is attached to a port already
     */
    public static UdpPort listen(TcpContext ctx, int port, DatagramProtocol protocol, String interfaceAddress,
            int maxPacketSize, boolean multicast, boolean listenMultiple) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        Address.checkPort(port);
        if (maxPacketSize < 1) {
            throw new IllegalArgumentException("maxPacketSize must be at least 1, got " + maxPacketSize);
        }
        if (protocol.isListening()) {
            throw new IllegalStateException(protocol.logPrefix() + " is already attached to a port");
        }
        InetAddress ip = interfaceAddress.isEmpty() ? InetAddresses.anyIPv4()
                : InetAddresses.parseLiteral(interfaceAddress).orElseThrow(() -> new IllegalArgumentException(
                        "the interface must be a literal IP address or \"\", got " + interfaceAddress));
        if (multicast && !(ip instanceof Inet4Address)) {
            throw new IllegalArgumentException("multicast ports are IPv4 only, got " + interfaceAddress);
        }
        DatagramChannel ch = null;
        UdpPort p;
        try {
            ch = DatagramChannel.open(ip instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            if (listenMultiple) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true); // as Twisted, where it exists
                }
            }
            ch.configureBlocking(false);
            ch.bind(new InetSocketAddress(ip, port));
            p = new UdpPort(ctx, ch, protocol, maxPacketSize);
            p.key = ctx.loop().register(ch, SelectionKey.OP_READ, p);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException closeError) {
                    e.addSuppressed(closeError);
                }
            }
            throw new CannotListenError(interfaceAddress, port, e);
        }
        ctx.remember(p);
        protocol.makeConnection(p);
        return p;
    }

    private static Address toUdpAddress(SocketAddress address) {
        InetSocketAddress a = (InetSocketAddress) address;
        if (a.getAddress() instanceof Inet6Address v6) {
            return new IPv6Address(Address.Type.UDP, InetAddresses.format(v6), a.getPort(), 0, v6.getScopeId());
        }
        return new IPv4Address(Address.Type.UDP, a.getAddress().getHostAddress(), a.getPort());
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void channelReady(SelectionKey k) {
        for (int i = 0; i < DATAGRAMS_PER_PASS && lifecycle.isListening(); i++) {
            buffer.clear();
            SocketAddress sender;
            try {
                // On a connected channel too: it reports the refusals of the connected peer.
                sender = channel.receive(buffer);
            } catch (PortUnreachableException e) {
                ctx.loop().runHandler(protocol, protocol::connectionRefused);
                continue;
            } catch (IOException e) {
                // As Twisted: a receive error (other than a refusal) is logged; the port goes on.
                ctx.logError("receiving on", this, e);
                return;
            }
            if (sender == null) {
                return;
            }
            buffer.flip();
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            Address from = toUdpAddress(sender);
            ctx.loop().runHandler(protocol, () -> protocol.datagramReceived(data, from));
        }
    }

    @Override
    public void channelFailed(SelectionKey k, Throwable error) {
        // Only the port's own code runs in channelReady (the protocol runs in runHandler): close.
        stopListening();
    }

    // ------------------------------------------------------------------ sending

    @Override
    public void write(byte[] data, Address address) {
        assert ReactorThreadCheck.check(ctx.reactor(), "write");
        Objects.requireNonNull(data, "data");
        InetSocketAddress target;
        try {
            target = InetAddresses.toSocketAddress(Objects.requireNonNull(address, "address"));
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressError(address + ": " + e.getMessage(), e);
        }
        if (connectedTo != null) {
            if (!connectedTo.equals(target)) {
                throw new IllegalStateException("this port is connected to " + connectedTo
                        + "; it cannot send to " + address);
            }
            write(data);
            return;
        }
        checkListening("write");
        send(data, target);
    }

    @Override
    public void write(byte[] data) {
        assert ReactorThreadCheck.check(ctx.reactor(), "write");
        Objects.requireNonNull(data, "data");
        if (connectedTo == null) {
            throw new IllegalStateException("write(data) needs a connected port: give an address or connect first");
        }
        checkListening("write");
        send(data, null);
    }

    private void send(byte[] data, InetSocketAddress target) {
        ByteBuffer b = ByteBuffer.wrap(data);
        try {
            if (target == null) {
                channel.write(b); // 0 bytes: no room in the system's buffer; the datagram is dropped
            } else {
                channel.send(b, target);
            }
        } catch (PortUnreachableException e) {
            protocol.connectionRefused(); // as Twisted: ECONNREFUSED on a connected port
        } catch (UnsupportedAddressTypeException e) {
            throw new InvalidAddressError("cannot send to " + target + " from " + host
                    + ": the address is of the other IP version", e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("too long") || message.contains("too large")) {
                throw new MessageLengthError("a datagram of " + data.length + " bytes is too long: " + message, e);
            }
            throw new UncheckedIOException("cannot send a datagram from " + host + ": " + message, e);
        }
    }

    @Override
    public void connect(String peerHost, int peerPort) {
        assert ReactorThreadCheck.check(ctx.reactor(), "connect");
        checkListening("connect");
        if (connectedTo != null) {
            throw new IllegalStateException("already connected to " + connectedTo);
        }
        if (peerPort < 1 || peerPort > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + peerPort);
        }
        InetAddress ip = InetAddresses.parseLiteral(Objects.requireNonNull(peerHost, "host"))
                .orElseThrow(() -> new InvalidAddressError(
                        "connect needs a literal IP address (names are not resolved here), got " + peerHost, null));
        InetSocketAddress target = new InetSocketAddress(ip, peerPort);
        try {
            channel.connect(target);
        } catch (UnsupportedAddressTypeException e) {
            throw new InvalidAddressError("cannot connect " + host + " to " + target
                    + ": the address is of the other IP version", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect " + host + " to " + target + ": " + e.getMessage(), e);
        }
        connectedTo = target;
    }

    private void checkListening(String operation) {
        if (!lifecycle.isListening()) {
            throw new IllegalStateException("cannot " + operation + " on a port that is " + lifecycle.state());
        }
    }

    // ------------------------------------------------------------------ stopping

    @Override
    public Deferred<Void> stopListening() {
        assert ReactorThreadCheck.check(ctx.reactor(), "stopListening");
        return lifecycle.stopListening();
    }

    @Override
    public void closeForShutdown() {
        lifecycle.closeForShutdown();
    }

    private void closeSocket() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            ctx.logError("closing", this, e);
        }
    }

    /** The end of the stop: forget the port and stop what it served. */
    private void afterStop() {
        ctx.forget(this);
        ctx.loop().runHandler(protocol, protocol::doStop);
    }

    // ------------------------------------------------------------------ queries and options

    @Override
    public Address getHost() {
        return host;
    }

    @Override
    public void setBroadcastAllowed(boolean enabled) {
        assert ReactorThreadCheck.check(ctx.reactor(), "setBroadcastAllowed");
        setOption(StandardSocketOptions.SO_BROADCAST, enabled);
    }

    @Override
    public boolean getBroadcastAllowed() {
        return getOption(StandardSocketOptions.SO_BROADCAST);
    }

    private <T> void setOption(SocketOption<T> option, T value) {
        try {
            channel.setOption(option, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + option + " on " + this, e);
        }
    }

    private <T> T getOption(SocketOption<T> option) {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + option + " of " + this, e);
        }
    }

    // ------------------------------------------------------------------ multicast

    @Override
    public Deferred<Void> joinGroup(String group, String interfaceAddress) {
        assert ReactorThreadCheck.check(ctx.reactor(), "joinGroup");
        String what = "join " + group + " on " + (interfaceAddress.isEmpty() ? "the default interface" : interfaceAddress);
        try {
            InetAddress g = multicastGroup(group, what);
            NetworkInterface ni = networkInterface(interfaceAddress, what);
            String id = group + "@" + ni.getName();
            if (!groups.containsKey(id)) {
                groups.put(id, channel.join(g, ni));
            }
            return Deferred.succeed(null);
        } catch (MulticastJoinError e) {
            return Deferred.fail(e);
        } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            return Deferred.fail(new MulticastJoinError("cannot " + what + ": " + e.getMessage(), e));
        }
    }

    @Override
    public Deferred<Void> leaveGroup(String group, String interfaceAddress) {
        assert ReactorThreadCheck.check(ctx.reactor(), "leaveGroup");
        String what = "leave " + group + " on " + (interfaceAddress.isEmpty() ? "the default interface" : interfaceAddress);
        try {
            NetworkInterface ni = networkInterface(interfaceAddress, what);
            MembershipKey k = groups.remove(group + "@" + ni.getName());
            if (k == null) {
                return Deferred.fail(new MulticastJoinError("cannot " + what + ": the group was not joined there", null));
            }
            k.drop();
            return Deferred.succeed(null);
        } catch (MulticastJoinError e) {
            return Deferred.fail(e);
        }
    }

    private static InetAddress multicastGroup(String group, String what) throws MulticastJoinError {
        InetAddress g = InetAddresses.parseLiteral(Objects.requireNonNull(group, "group")).orElse(null);
        if (!(g instanceof Inet4Address) || !g.isMulticastAddress()) {
            throw new MulticastJoinError("cannot " + what + ": not a literal IPv4 multicast address", null);
        }
        return g;
    }

    /** The interface with {@code address}, or the system's default choice for {@code ""}. */
    private static NetworkInterface networkInterface(String address, String what) throws MulticastJoinError {
        try {
            if (Objects.requireNonNull(address, "interfaceAddress").isEmpty()) {
                NetworkInterface loopback = null;
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!ni.isUp()) {
                        continue;
                    }
                    if (ni.isLoopback()) {
                        loopback = loopback == null ? ni : loopback;
                    } else if (ni.supportsMulticast() && ni.inetAddresses().anyMatch(a -> a instanceof Inet4Address)) {
                        return ni;
                    }
                }
                if (loopback != null) {
                    return loopback;
                }
                throw new MulticastJoinError("cannot " + what + ": no network interface is up", null);
            }
            InetAddress ip = InetAddresses.parseLiteral(address).orElseThrow(() -> new MulticastJoinError(
                    "cannot " + what + ": the interface must be a literal address", null));
            NetworkInterface ni = NetworkInterface.getByInetAddress(ip);
            if (ni == null) {
                throw new MulticastJoinError("cannot " + what + ": no interface has the address " + address, null);
            }
            return ni;
        } catch (SocketException e) {
            throw new MulticastJoinError("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setTTL(int ttl) {
        assert ReactorThreadCheck.check(ctx.reactor(), "setTTL");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("the TTL must be in 0..255, got " + ttl);
        }
        setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }

    @Override
    public int getTTL() {
        return getOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    @Override
    public void setLoopbackMode(boolean enabled) {
        assert ReactorThreadCheck.check(ctx.reactor(), "setLoopbackMode");
        setOption(StandardSocketOptions.IP_MULTICAST_LOOP, enabled);
    }

    @Override
    public boolean getLoopbackMode() {
        return getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    @Override
    public Deferred<Void> setOutgoingInterface(String interfaceAddress) {
        assert ReactorThreadCheck.check(ctx.reactor(), "setOutgoingInterface");
        String what = "send multicast from " + interfaceAddress;
        try {
            if (interfaceAddress.isEmpty()) {
                throw new MulticastJoinError("cannot " + what + ": name the interface by its address", null);
            }
            NetworkInterface ni = networkInterface(interfaceAddress, what);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
            outgoingInterface = interfaceAddress;
            return Deferred.succeed(null);
        } catch (MulticastJoinError e) {
            return Deferred.fail(e);
        } catch (IOException | IllegalArgumentException e) {
            return Deferred.fail(new MulticastJoinError("cannot " + what + ": " + e.getMessage(), e));
        }
    }

    @Override
    public String getOutgoingInterface() {
        return outgoingInterface;
    }

    @Override
    public String toString() {
        return "<" + protocol.logPrefix() + " on " + host + " " + lifecycle.state() + ">";
    }
}
