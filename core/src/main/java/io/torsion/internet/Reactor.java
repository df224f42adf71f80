package io.torsion.internet;

/**
 * A complete reactor: time, lifecycle, threads, TCP, TLS, Unix sockets, UDP, multicast and processes in
 * one type (what Twisted code gets by importing {@code twisted.internet.reactor}). Code should
 * depend on the narrowest capability it uses ({@link ReactorTime}, {@link ReactorCore},
 * {@link ReactorThreads}, {@link ReactorTCP}, {@link ReactorUNIX}, {@link ReactorUDP},
 * {@link ReactorMulticast}, {@link ReactorProcess}, {@link ReactorSSL}) so that a fake such as
 * {@link io.torsion.task.Clock} can stand in; other transports add their capabilities here when
 * {@link SelectorReactor} implements them.
 *
 * <p>The implementation is {@link SelectorReactor}; {@link SelectorReactor#getDefault()} is the
 * process-wide instance for short programs.
 *
 * <p>Threading: reactor thread only, except the thread-safe methods of {@link ReactorThreads}
 * and {@link ReactorCore#isRunning()}.
 */
public interface Reactor extends ReactorTime, ReactorCore, ReactorThreads, ReactorTCP,
        ReactorSSL, ReactorUNIX, ReactorUDP, ReactorMulticast, ReactorProcess {
}
