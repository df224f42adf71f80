package io.torsion.internet.endpoints;

import java.util.Objects;

/**
 * Reports that a file named by an endpoint description's parameter, such as
 * {@code privateKey=key.pem} or {@code caCertsDir=/etc/ssl/certs}, cannot be read or does not
 * hold what the parameter needs; the message names the parameter, the file and the problem.
 * Twisted lets the underlying {@code IOError}, {@code ValueError} or OpenSSL error through
 * instead.
 *
 * <p>Threading: immutable.
 */
public class EndpointFileError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The description parameter that named the file. */
    private final String parameter;
    /** The file (or directory) as the description gave it. */
    private final String file;

    /**
     * Creates the error.
     *
     * @param parameter the parameter's name, for example {@code "privateKey"}
     * @param file the file or directory as given
     * @param problem what is wrong with it
     * @param cause the underlying exception, or null
     */
    public EndpointFileError(String parameter, String file, String problem, Throwable cause) {
        super(Objects.requireNonNull(parameter, "parameter") + "=" + file + ": " + problem, cause);
        this.parameter = parameter;
        this.file = file;
    }

    /**
     * Returns the parameter that named the file.
     *
     * @return for example {@code "certKey"}
     */
    public String parameter() {
        return parameter;
    }

    /**
     * Returns the file or directory as the description gave it.
     *
     * @return the path text
     */
    public String file() {
        return file;
    }
}
