package io.torsion.web.client;

import java.nio.charset.StandardCharsets;

/**
 * Tells a caller of {@link Client#getPage} that the server answered with a status outside 2xx
 * (Twisted's {@code twisted.web.error.Error}); carries the status, its phrase and the body.
 *
 * <p>Threading: immutable.
 */
public class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String phrase;
    private final byte[] body;

    /**
     * Creates the error.
     *
     * @param status the response's status code
     * @param phrase the response's reason phrase
     * @param body the response's body
     */
    public HttpError(int status, String phrase, byte[] body) {
        super(status + " " + phrase);
        this.status = status;
        this.phrase = phrase;
        this.body = body.clone();
    }

    /**
     * Returns the status code the server sent.
     *
     * @return the code, e.g. 404
     */
    public int status() {
        return status;
    }

    /**
     * Returns the reason phrase the server sent.
     *
     * @return the phrase, e.g. "Not Found"
     */
    public String phrase() {
        return phrase;
    }

    /**
     * Returns a copy of the body the server sent with the status.
     *
     * @return the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body decoded as UTF-8, for messages.
     *
     * @return the body text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
