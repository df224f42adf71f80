package io.torsion.defer;

/**
 * Thrown when a {@link Deferred} is fired ({@code callback} or {@code errback}) a second time
 * (Twisted's {@code AlreadyCalledError}).
 *
 * <p>With debugging on ({@link Deferred#setDebugging}), the message shows where the Deferred was
 * created and where it was first fired.
 *
 * <p>Threading: immutable.
 */
public class AlreadyCalledError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was fired twice, and where, if known
     */
    public AlreadyCalledError(String message) {
        super(message);
    }
}
