package io.torsion.internet.endpoints;

import io.torsion.internet.ClientTlsOptions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@code ssl:} client description says (Twisted's {@code ssl:} client parser,
 * {@code _parseClientSSL}):
 * {@code ssl:host=H:port=P:hostname=N:certKey=C:privateKey=K:caCertsDir=D:caCertsFile=F:timeout=S:bindAddress=A}.
 * {@link #toTlsOptions()} reads the files into {@link ClientTlsOptions}.
 *
 * <p>The server's certificate must chain to a trusted authority and name {@link #hostname()},
 * which is {@code hostname=} if given and {@code host} otherwise. Twisted, given no
 * {@code hostname=}, checks neither the chain nor the name; Torsion always checks both, as
 * Twisted's {@code optionsForClientTLS} does. The authorities are the certificates of every
 * {@code *.pem} file in {@code caCertsDir} (as Twisted, other and unparsable files there are
 * skipped), plus those of the PEM bundle {@code caCertsFile} (a Torsion addition, for files such
 * as {@code /etc/ssl/certs/ca-certificates.crt}); with neither, the JDK's default trust store.
 *
 * <p>A client certificate: {@code certKey} names a PEM file with the certificate (and its
 * issuers); {@code privateKey} names the key's file, by default {@code certKey}'s file. Twisted
 * ignores a {@code privateKey} given without {@code certKey}; Torsion refuses it.
 *
 * <p>Threading: immutable.
 *
 * @param host the host to connect to
 * @param port the port, 1..65535
 * @param timeoutSeconds how long the attempt may take
 * @param bindAddress the local address to bind, or null
 * @param certKey a client certificate file, or null
 * @param privateKey the client certificate's key file, or null
 * @param caCertsDir a directory of trusted CA certificates ({@code *.pem}), or null
 * @param caCertsFile a PEM file of trusted CA certificates, or null
 * @param hostname the name the server's certificate must carry
 */
public record SslClientOptions(String host, int port, double timeoutSeconds, String bindAddress, String certKey,
        String privateKey, String caCertsDir, String caCertsFile, String hostname) {
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
     * @param caCertsFile the CA file, or null
     * @param hostname the name to verify
     * @throws NullPointerException if {@code host} or {@code hostname} is null
     */
    public SslClientOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hostname, "hostname");
    }

    /**
     * Reads the trust and client-certificate files and returns TLS options for
     * {@link #hostname()}, with hostname verification on
     * ({@link ClientTlsOptions#forHost(String)} plus the trusted authorities and client identity
     * given). The files are read again on every call; the {@code ssl:} endpoint calls this each
     * time it connects, on the reactor thread, so prefer a small {@code caCertsFile} to a large
     * {@code caCertsDir} for frequent connections.
     *
     * @return the options
     * @throws EndpointFileError naming the parameter and file, if a file or directory cannot be
     *     read or holds no certificate or key of the kind needed, the key does not belong to the
     *     certificate, or {@code privateKey} is given without {@code certKey}
     */
    public ClientTlsOptions toTlsOptions() {
        ClientTlsOptions options = ClientTlsOptions.forHost(hostname);
        List<X509Certificate> trusted = new ArrayList<>();
        if (caCertsDir != null) {
            trusted.addAll(SslPemFiles.certificatesInDirectory("caCertsDir", caCertsDir));
        }
        if (caCertsFile != null) {
            trusted.addAll(SslPemFiles.certificates("caCertsFile", caCertsFile));
        }
        if (!trusted.isEmpty()) {
            options = options.withTrustedCertificates(trusted);
        }
        if (certKey != null) {
            options = options.withClientIdentity(privateKey == null
                    ? SslPemFiles.identity("certKey", certKey, "certKey", certKey)
                    : SslPemFiles.identity("privateKey", privateKey, "certKey", certKey));
        } else if (privateKey != null) {
            throw new EndpointFileError("privateKey", privateKey,
                    "a client key needs its certificate: give certKey= as well", null);
        }
        return options;
    }
}
