package io.torsion.internet.endpoints;

import java.util.Objects;

/**
 * What an {@code ssl:} client description says (Twisted's {@code ssl:} client parser):
 * {@code ssl:host=H:port=P:certKey=C:privateKey=K:caCertsDir=D:timeout=S:bindAddress=A}.
 * The TLS transport turns it into its own TLS options; the server's name is checked against
 * {@code host} by default.
 *
 * <p>Threading: immutable.
 *
 * @param host the host to connect to and to verify
 * @param port the port, 1..65535
 * @param timeoutSeconds how long the attempt may take
 * @param bindAddress the local address to bind, or null
 * @param certKey a client certificate file, or null
 * @param privateKey the client certificate's key file, or null
 * @param caCertsDir a directory of trusted CA certificates, or null for the system's
 */
public record SslClientOptions(String host, int port, double timeoutSeconds, String bindAddress, String certKey,
        String privateKey, String caCertsDir) {
    /**
     * Checks the parts.
     *
     * @param host the host
     * @param port the port
     * @param timeoutSeconds the timeout
     * @param bindAddress the bind address, or null
     * @param certKey the certificate file, or null
     * @param privateKey the key file, or null
     * @param caCertsDir the CA directory, or null
     * @throws NullPointerException if {@code host} is null
     */
    public SslClientOptions {
        Objects.requireNonNull(host, "host");
    }
}
