package io.torsion.internet;

/**
 * Names a TLS protocol version that a connection may negotiate (Twisted's {@code TLSVersion}
 * constants, limited to the versions the JDK still enables by default).
 *
 * <p>Threading: immutable.
 */
public enum TlsVersion {
    /** TLS 1.2 (RFC 5246). */
    TLS_1_2("TLSv1.2"),
    /** TLS 1.3 (RFC 8446). */
    TLS_1_3("TLSv1.3");

    private final String jdkName;

    TlsVersion(String jdkName) {
        this.jdkName = jdkName;
    }

    /**
     * Returns the name the JDK's {@code SSLEngine} uses for this version.
     *
     * @return for example {@code "TLSv1.3"}
     */
    public String jdkName() {
        return jdkName;
    }

    /**
     * Returns the version the JDK calls {@code name}.
     *
     * @param name a JDK protocol name such as {@code "TLSv1.2"}
     * @return the version
     * @throws IllegalArgumentException if it is not one of these versions
     */
    public static TlsVersion fromJdkName(String name) {
        for (TlsVersion v : values()) {
            if (v.jdkName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("not a supported TLS version: " + name);
    }
}
