package io.torsion.web.client;

/**
 * Tells a caller of {@link Response#readBody()} that the body had no length and ended with the
 * connection, so it may be incomplete (Twisted's {@code PartialDownloadError}); carries what arrived.
 *
 * <p>Threading: immutable.
 */
public class PartialDownloadError extends Exception {
    private static final long serialVersionUID = 1L;
    private final byte[] body;

    /**
     * Creates the error.
     *
     * @param body the bytes received
     */
    public PartialDownloadError(byte[] body) {
        super("the body ended with the connection and may be incomplete (" + body.length + " bytes)");
        this.body = body.clone();
    }

    /**
     * Returns a copy of the bytes received.
     *
     * @return the body as far as it arrived
     */
    public byte[] body() {
        return body.clone();
    }
}
