package io.torsion.web.client;

/**
 * Tells a caller that a request was redirected more times than allowed (Twisted's {@code InfiniteRedirection}), or that a redirect came without a usable {@code Location} (Twisted's {@code RedirectWithNoLocation}).
 *
 * <p>Threading: immutable.
 */
public class RedirectLimitError extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, for people
     */
    public RedirectLimitError(String message) {
        super(message);
    }

    /**
     * Creates the error with its cause.
     *
     * @param message what went wrong, for people
     * @param cause the underlying failure
     */
    public RedirectLimitError(String message, Throwable cause) {
        super(message, cause);
    }
}
