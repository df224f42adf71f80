package io.torsion.internet;

/**
 * A complete reactor: time, lifecycle, threads and TCP in one type (what Twisted code gets by
 * importing {@code twisted.internet.reactor}). Code should depend on the narrowest capability it
 * uses ({@link ReactorTime}, {@link ReactorCore}, {@link ReactorThreads}, {@link ReactorTCP},
 * {@link ReactorSSL}) so
 * that a fake such as {@link io.torsion.task.Clock} can stand in; the other transports will add
 * their capabilities here.
 *
 * <p>The implementation is {@link SelectorReactor}; {@link SelectorReactor#getDefault()} is the
 * process-wide instance for short programs.
 *
 * <p>Threading: reactor thread only, except the thread-safe methods of {@link ReactorThreads}
 * and {@link ReactorCore#isRunning()}.
 */
public interface Reactor extends ReactorTime, ReactorCore, ReactorThreads, ReactorTCP,
        ReactorSSL /* ---- TLS */ {
}
