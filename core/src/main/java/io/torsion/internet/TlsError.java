package io.torsion.internet;

import java.util.Locale;
import java.util.Objects;

/**
 * Reports that a TLS connection failed for a TLS reason, named by {@link #kind()}: the handshake
 * could not agree, a certificate was refused by either side, or the peer sent bytes that are not
 * TLS records (Twisted delivers OpenSSL's {@code SSL.Error} for these). It is a
 * {@link ConnectionLost}, so code that traps that still catches it; the JDK's exception is the
 * cause.
 *
 * <p>Threading: immutable.
 */
public class TlsError extends ConnectionLost {
    private static final long serialVersionUID = 1L;

    /**
     * What went wrong, from this side's point of view.
     *
     * <p>Threading: immutable.
     */
    public enum Kind {
        /** The peer's certificate does not chain to an authority this side trusts. */
        UNTRUSTED_CERTIFICATE,
        /** The server's certificate is valid but does not name the host the client asked for. */
        HOSTNAME_MISMATCH,
        /** This side asked for a client certificate, which the client did not send. */
        CLIENT_CERTIFICATE_MISSING,
        /** The peer refused this side's certificate (it sent a certificate alert). */
        CERTIFICATE_REJECTED_BY_PEER,
        /** The two sides share no TLS version, cipher suite or ALPN protocol. */
        NO_COMMON_PARAMETERS,
        /** The peer sent bytes that are not a TLS record, such as plain text. */
        NOT_TLS,
        /** A record from the peer failed its integrity check or was malformed after the handshake. */
        BAD_RECORD,
        /** The connection closed before the handshake finished. */
        HANDSHAKE_INTERRUPTED,
        /** Any other handshake or record failure; see the cause. */
        PROTOCOL_ERROR
    }

    /** What went wrong. */
    private final Kind kind;

    /**
     * Creates the error.
     *
     * @param kind what went wrong
     * @param message the details
     * @param cause the JDK's exception, or null
     */
    public TlsError(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Names the kind of a JDK TLS exception by its cause chain and message.
     *
     * @param error what the {@code SSLEngine} threw
     * @return the error to report
     */
    public static TlsError classify(Throwable error) {
        StringBuilder all = new StringBuilder();
        boolean pathProblem = false;
        boolean nameProblem = false;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            all.append(m).append(" | ");
            String cls = t.getClass().getName();
            if (cls.endsWith("CertPathBuilderException") || cls.endsWith("CertPathValidatorException")
                    || cls.endsWith("ValidatorException")) {
                pathProblem = true;
            }
            if (m.contains("No subject alternative") || m.contains("No name matching")) {
                nameProblem = true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String text = all.toString().toLowerCase(Locale.ROOT);
        Kind kind;
        if (nameProblem) {
            kind = Kind.HOSTNAME_MISMATCH;
        } else if (pathProblem || text.contains("pkix path")) {
            kind = Kind.UNTRUSTED_CERTIFICATE;
        } else if (text.contains("empty client certificate chain") || text.contains("empty certificate chain")) {
            kind = Kind.CLIENT_CERTIFICATE_MISSING;
        } else if (text.contains("received fatal alert: bad_certificate")
                || text.contains("received fatal alert: certificate_unknown")
                || text.contains("received fatal alert: certificate_required")
                || text.contains("received fatal alert: unknown_ca")) {
            kind = Kind.CERTIFICATE_REJECTED_BY_PEER;
        } else if (text.contains("unsupported or unrecognized ssl message") || text.contains("plaintext connection")) {
            kind = Kind.NOT_TLS;
        } else if (text.contains("bad_record_mac") || text.contains("tag mismatch") || text.contains("bad record mac")
                || text.contains("record_overflow") || text.contains("invalid padding")
                || text.contains("decryption failed") || text.contains("decrypt_error")) {
            kind = Kind.BAD_RECORD;
        } else if (text.contains("no_application_protocol") || text.contains("application protocol")
                || text.contains("no appropriate protocol") || text.contains("protocol_version")
                || text.contains("handshake_failure") || text.contains("no cipher suites in common")
                || text.contains("not supported by the client") || text.contains("no matching application layer protocol")
                || text.contains("are not accepted by") || text.contains("no_application_protocol")) {
            kind = Kind.NO_COMMON_PARAMETERS;
        } else {
            kind = Kind.PROTOCOL_ERROR;
        }
        return new TlsError(kind, String.valueOf(error.getMessage()), error);
    }
}
