package io.torsion.internet.internal;

/**
 * Something TCP that the reactor must close when it shuts down: a listening port, a connection, or
 * a connection attempt.
 *
 * <p>Threading: reactor thread only.
 */
interface TcpResource {
    /** Closes at once, telling the protocol or factory as Twisted's {@code disconnectAll} does. */
    void closeForShutdown();
}
