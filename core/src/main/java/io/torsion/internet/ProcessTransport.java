package io.torsion.internet;

import java.util.List;

/**
 * Talks to a child process started by {@link ReactorProcess#spawnProcess}: write to its standard
 * input, close its pipes, send it signals (Twisted's {@code IProcessTransport}).
 *
 * <p>Writes never block: they are queued and a dedicated thread feeds them to the child's standard
 * input, in order. There is no flow control on this queue.
 *
 * <p>Threading: reactor thread only.
 */
public interface ProcessTransport {
    /**
     * Returns the child's process id (Twisted's {@code pid}). Unlike Twisted, which sets it to
     * {@code None} once the child is reaped, it stays the same after the child exited.
     *
     * @return the process id
     */
    long pid();

    /**
     * Queues bytes for the child's standard input. Bytes written after {@link #closeStdin()} or
     * after the child closed its input are dropped, as Twisted drops them.
     *
     * @param data the bytes; the transport takes the array over
     */
    void write(byte[] data);

    /**
     * Queues several arrays for the child's standard input, as if each were written in turn.
     *
     * @param data the arrays, in order
     */
    void writeSequence(List<byte[]> data);

    /**
     * Closes the child's standard input after the bytes queued so far are written (Twisted's
     * {@code closeStdin}); the protocol then gets {@code inConnectionLost}. Calling it again does
     * nothing.
     */
    void closeStdin();

    /**
     * Stops reading the child's standard output and closes it (Twisted's {@code closeStdout}); in a
     * later loop turn the protocol gets {@code outConnectionLost}, and no more {@code outReceived}.
     */
    void closeStdout();

    /**
     * Stops reading the child's standard error and closes it (Twisted's {@code closeStderr}); in a
     * later loop turn the protocol gets {@code errConnectionLost}, and no more {@code errReceived}.
     */
    void closeStderr();

    /**
     * Closes all three pipes (Twisted's {@code loseConnection}): standard input after what was
     * written, standard output and error at once. The child is not killed; it may get SIGPIPE.
     */
    void loseConnection();

    /**
     * Sends a signal to the child (Twisted's {@code signalProcess}). {@code "TERM"} and
     * {@code "KILL"} are sent at once through the JDK; other names ({@code "INT"}, {@code "HUP"},
     * {@code "USR1"}, ...) are sent by running {@code kill -s NAME pid} in the reactor's thread
     * pool, so they arrive a little later.
     *
     * @param signal a POSIX signal name, with or without the {@code SIG} prefix
     * @throws ProcessExitedAlready if the child has already exited
     * @throws IllegalArgumentException if the name is not a known POSIX signal (Twisted raises
     *     {@code AttributeError})
     */
    void signalProcess(String signal);
}
