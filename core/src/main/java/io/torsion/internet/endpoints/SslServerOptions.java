package io.torsion.internet.endpoints;

import java.util.Objects;

/**
 * What an {@code ssl:} server description says (Twisted's {@code ssl:} server parser):
 * {@code ssl:PORT:privateKey=KEY.pem:certKey=CERT.pem:interface=ADDR:backlog=N:extraCertChain=F:dhParameters=F}.
 * The TLS transport turns it into its own TLS options.
 *
 * <p>Threading: immutable.
 *
 * @param port the port, 0..65535
 * @param privateKey the PEM file with the private key (Twisted's default {@code server.pem})
 * @param certKey the PEM file with the certificate; by default the private key's file
 * @param interfaceAddress the literal address to listen on, {@code ""} for every IPv4 interface
 * @param backlog the listen backlog
 * @param extraCertChain a PEM file of intermediate certificates, or null
 * @param dhParameters a Diffie-Hellman parameters file, or null
 */
public record SslServerOptions(int port, String privateKey, String certKey, String interfaceAddress, int backlog,
        String extraCertChain, String dhParameters) {
    /**
     * Checks the parts.
     *
     * @param port the port
     * @param privateKey the key file
     * @param certKey the certificate file
     * @param interfaceAddress the interface
     * @param backlog the backlog
     * @param extraCertChain the chain file, or null
     * @param dhParameters the parameters file, or null
     * @throws NullPointerException if a required part is null
     */
    public SslServerOptions {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certKey, "certKey");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
    }
}
