package io.torsion.internet;

/** Small helpers for TCP tests. */
final class Tcp {
    private Tcp() {
    }

    /** The port number of a listening port. */
    static int portOf(ListeningPort port) {
        return portOf(port.getHost());
    }

    /** The port number of an IP address. */
    static int portOf(Address address) {
        if (address instanceof IPv4Address a) {
            return a.port();
        }
        if (address instanceof IPv6Address a) {
            return a.port();
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    /** The host of an IP address. */
    static String hostOf(Address address) {
        if (address instanceof IPv4Address a) {
            return a.host();
        }
        if (address instanceof IPv6Address a) {
            return a.host();
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    /** A deterministic pattern of {@code n} bytes, so that reordering or loss shows. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        int x = seed * 7919 + 1;
        for (int i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 16);
        }
        return b;
    }
}
