package io.torsion.internet.internal;

import io.torsion.internet.Address;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.UNIXAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Converts between Torsion's {@link Address} records and the JDK's socket addresses, and parses
 * literal IP addresses without ever asking DNS.
 *
 * <p>Threading: any thread (stateless).
 */
public final class InetAddresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private InetAddresses() {
    }

    /**
     * Parses {@code text} if it is a literal IPv4 or IPv6 address (an IPv6 one may be in brackets),
     * without any name lookup.
     *
     * @param text the text
     * @return the address, or empty if {@code text} is not a literal address (a host name)
     */
    public static Optional<InetAddress> parseLiteral(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(t).matches() && t.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            // A dotted quad or a text with a colon is parsed as a literal by the JDK: no lookup.
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    /**
     * Returns the stream {@link Address} of a socket address: TCP for an IP address, or the
     * {@link UNIXAddress} of a Unix domain socket (unnamed when its path is empty).
     *
     * @param address an {@link InetSocketAddress} or {@link UnixDomainSocketAddress}
     * @return an {@link IPv4Address}, {@link IPv6Address} or {@link UNIXAddress}
     */
    public static Address toAddress(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return path.isEmpty() ? UNIXAddress.unnamed() : new UNIXAddress(path);
        }
        InetSocketAddress a = (InetSocketAddress) address;
        InetAddress ip = a.getAddress();
        if (ip instanceof Inet6Address v6) {
            return new IPv6Address(Address.Type.TCP, format(v6), a.getPort(), 0, v6.getScopeId());
        }
        return IPv4Address.tcp(ip.getHostAddress(), a.getPort());
    }

    /**
     * Returns the socket address of an IP {@link Address} whose host is a literal.
     *
     * @param address an {@link IPv4Address} or {@link IPv6Address}
     * @return the socket address
     * @throws IllegalArgumentException if it is another kind, or its host is not a literal
     */
    public static InetSocketAddress toSocketAddress(Address address) {
        String host;
        int port;
        if (address instanceof IPv4Address a) {
            host = a.host();
            port = a.port();
        } else if (address instanceof IPv6Address a) {
            host = a.host();
            port = a.port();
        } else {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        InetAddress ip = host.isEmpty() ? anyIPv4()
                : parseLiteral(host).orElseThrow(() -> new IllegalArgumentException(
                        "not a literal IP address (host names are not resolved here): " + host));
        return new InetSocketAddress(ip, port);
    }

    /**
     * Returns 0.0.0.0.
     *
     * @return the IPv4 wildcard address
     */
    public static InetAddress anyIPv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Formats an IPv6 address in the short form Twisted reports ({@code ::1}, RFC 5952). */
    static String format(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /**
     * Tells whether {@code ip} is an IPv4 address.
     *
     * @param ip the address
     * @return true for IPv4
     */
    public static boolean isIPv4(InetAddress ip) {
        return ip instanceof Inet4Address;
    }
}
