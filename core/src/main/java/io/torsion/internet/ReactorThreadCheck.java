package io.torsion.internet;

/**
 * The cheap check that a reactor-thread-only method was called on the reactor thread, for use in
 * an {@code assert} statement so that it costs nothing unless assertions are enabled (they are in
 * the tests):
 * <pre>{@code
 * public void write(byte[] data) {
 *     assert ReactorThreadCheck.check(reactor, "write");
 *     ...
 * }
 * }</pre>
 *
 * <p>Threading: any thread.
 */
public final class ReactorThreadCheck {
    private ReactorThreadCheck() {
    }

    /**
     * Returns true if the calling thread may use {@code reactor}'s reactor-only methods now (see
     * {@link ReactorThreads#isReactorThread()}), and throws otherwise.
     *
     * @param reactor the reactor that owns the object being used
     * @param operation the method or operation, named in the error
     * @return true
     * @throws AssertionError naming the operation and the calling thread, and pointing to
     *     {@code callFromThread}, when called on another thread while the reactor runs
     */
    public static boolean check(ReactorThreads reactor, String operation) {
        if (!reactor.isReactorThread()) {
            throw new AssertionError(operation + " must be called on the reactor thread, not on "
                    + Thread.currentThread().getName()
                    + "; hand the call to the reactor with callFromThread");
        }
        return true;
    }
}
