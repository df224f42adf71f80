package io.torsion.internet.endpoints;

import io.torsion.internet.ServerTlsOptions;
import io.torsion.internet.TlsIdentity;
import io.torsion.internet.TlsVersion;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code ssl:} server description says (Twisted's {@code ssl:} server parser,
 * {@code _parseSSL}):
 * {@code ssl:PORT:privateKey=KEY.pem:certKey=CERT.pem:interface=ADDR:backlog=N:extraCertChain=F:dhParameters=F}.
 * {@link #toTlsOptions()} reads the files into {@link ServerTlsOptions}.
 *
 * <p>The files, as Twisted's: {@code privateKey} holds an unencrypted PKCS#8 PEM key
 * ({@code -----BEGIN PRIVATE KEY-----}); {@code certKey} holds the server's PEM certificate,
 * optionally followed by its issuers, and may be the same file as the key (the default, Twisted's
 * {@code server.pem} holding both); {@code extraCertChain} holds further PEM certificates sent
 * after those of {@code certKey}. {@code dhParameters} is checked to be readable and then ignored:
 * the JDK offers forward-secret DHE with the standard RFC 7919 groups (and ECDHE, which TLS 1.3
 * and most clients use) without a parameters file. Twisted's {@code sslmethod} names OpenSSL's
 * method constant: {@code SSLv23_METHOD}, {@code TLS_METHOD} and {@code TLS_SERVER_METHOD} (or no
 * {@code sslmethod}) offer TLS 1.2 and 1.3, {@code TLSv1_2_METHOD} TLS 1.2 only; the older
 * versions' methods are refused, as the JDK disables those versions.
 *
 * <p>Threading: immutable.
 *
 * @param port the port, 0..65535
 * @param privateKey the PEM file with the private key (Twisted's default {@code server.pem})
 * @param certKey the PEM file with the certificate; by default the private key's file
 * @param interfaceAddress the literal address to listen on, {@code ""} for every IPv4 interface
 * @param backlog the listen backlog
 * @param extraCertChain a PEM file of intermediate certificates, or null
 * @param dhParameters a Diffie-Hellman parameters file, or null; read for Twisted's sake, then unused
 * @param versions the TLS versions offered, from {@code sslmethod}
 */
public record SslServerOptions(int port, String privateKey, String certKey, String interfaceAddress, int backlog,
        String extraCertChain, String dhParameters, List<TlsVersion> versions) {
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
     * @param versions the TLS versions, at least one
     * @throws NullPointerException if a required part is null
     * @throws IllegalArgumentException if {@code versions} is empty
     */
    public SslServerOptions {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certKey, "certKey");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS version is needed");
        }
    }

    /**
     * Returns the TLS versions Twisted's {@code sslmethod} value stands for.
     *
     * @param sslmethod the name of an OpenSSL method constant, such as {@code "TLSv1_2_METHOD"}
     * @return the versions, or empty if the name is not one Torsion can honour
     */
    static Optional<List<TlsVersion>> versionsOf(String sslmethod) {
        return switch (sslmethod) {
            case "SSLv23_METHOD", "TLS_METHOD", "TLS_SERVER_METHOD" ->
                    Optional.of(List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3));
            case "TLSv1_2_METHOD" -> Optional.of(List.of(TlsVersion.TLS_1_2));
            default -> Optional.empty();
        };
    }

    /**
     * Reads the key and certificate files and returns TLS options serving them: the certificates of
     * {@code certKey} then those of {@code extraCertChain} form the chain, offered with
     * {@link #versions()}, no client certificates and no ALPN (otherwise as
     * {@link ServerTlsOptions#withIdentity(TlsIdentity)}). The
     * files are read again on every call: the {@code ssl:} endpoint calls this each time it
     * listens, so a renewed certificate is served by the next listen (Twisted reads them once,
     * when the description is parsed).
     *
     * @return the options
     * @throws EndpointFileError naming the parameter and file, if a file cannot be read, holds no
     *     certificate or key of the kind needed, or the key does not belong to the first certificate
     */
    public ServerTlsOptions toTlsOptions() {
        TlsIdentity identity = SslPemFiles.identity("privateKey", privateKey, "certKey", certKey);
        if (dhParameters != null) {
            SslPemFiles.read("dhParameters", dhParameters);
        }
        if (extraCertChain != null) {
            List<X509Certificate> chain = new ArrayList<>(identity.chain());
            chain.addAll(SslPemFiles.certificates("extraCertChain", extraCertChain));
            identity = new TlsIdentity(identity.privateKey(), chain);
        }
        return ServerTlsOptions.withIdentity(identity).withVersions(versions.toArray(TlsVersion[]::new));
    }
}
