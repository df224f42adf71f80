package io.torsion.web.client;

import io.torsion.internet.ClientTlsOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of an {@link HttpAgent}: the connect timeout, the response timeout and how TLS is set
 * up for an {@code https} host (Twisted passes these as {@code connectTimeout} and a
 * {@code contextFactory} / {@code BrowserLikePolicyForHTTPS}).
 *
 * <p>Defaults: connect within 30 s, no response timeout, and TLS as
 * {@link ClientTlsOptions#forHost} (the JDK's trust store, hostname verification on).
 *
 * <p>Threading: immutable.
 *
 * @param connectTimeout how long connecting (including the name lookup) may take; zero for no limit
 * @param responseTimeout how long after sending the request the response head may take; zero for none
 * @param tlsOptions the TLS options for a host name
 */
public record AgentOptions(Duration connectTimeout, Duration responseTimeout,
        Function<String, ClientTlsOptions> tlsOptions) {

    /**
     * Checks the settings.
     *
     * @param connectTimeout not negative
     * @param responseTimeout not negative
     * @param tlsOptions not null
     * @throws IllegalArgumentException if a timeout is negative
     */
    public AgentOptions {
        Objects.requireNonNull(tlsOptions, "tlsOptions");
        if (connectTimeout.isNegative() || responseTimeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout");
        }
    }

    /**
     * Returns the default settings.
     *
     * @return 30 s connect timeout, no response timeout, verified TLS
     */
    public static AgentOptions defaults() {
        return new AgentOptions(Duration.ofSeconds(30), Duration.ZERO, ClientTlsOptions::forHost);
    }

    /**
     * Returns these settings with another connect timeout.
     *
     * @param timeout the timeout; zero for none
     * @return the new settings
     */
    public AgentOptions withConnectTimeout(Duration timeout) {
        return new AgentOptions(timeout, responseTimeout, tlsOptions);
    }

    /**
     * Returns these settings with another response timeout.
     *
     * @param timeout the timeout; zero for none
     * @return the new settings
     */
    public AgentOptions withResponseTimeout(Duration timeout) {
        return new AgentOptions(connectTimeout, timeout, tlsOptions);
    }

    /**
     * Returns these settings with another TLS policy, e.g. one trusting a test authority.
     *
     * @param options the TLS options for a host name
     * @return the new settings
     */
    public AgentOptions withTlsOptions(Function<String, ClientTlsOptions> options) {
        return new AgentOptions(connectTimeout, responseTimeout, options);
    }
}
