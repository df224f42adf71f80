package io.torsion.internet;

import io.torsion.defer.Failure;
import java.util.Objects;

/**
 * Hears what a child process does: its output, the closing of its pipes and its exit (Twisted's
 * {@code protocol.ProcessProtocol}). Subclass it and give an instance to
 * {@link ReactorProcess#spawnProcess}.
 * <pre>{@code
 * class Collect extends ProcessProtocol {
 *     final ByteArrayOutputStream out = new ByteArrayOutputStream();
 *     @Override public void connectionMade() { transport().write(input); transport().closeStdin(); }
 *     @Override public void outReceived(byte[] data) { out.writeBytes(data); }
 *     @Override public void processEnded(Failure reason) { done.callback(out.toByteArray()); }
 * }
 * }</pre>
 *
 * <p>Lifecycle, every call on the reactor thread:
 * <ol>
 *   <li>{@link #makeConnection} then {@link #connectionMade()}, before {@code spawnProcess}
 *       returns;</li>
 *   <li>{@link #outReceived} and {@link #errReceived}, each stream's chunks in order (the two
 *       streams are not ordered with each other);</li>
 *   <li>{@link #inConnectionLost()}, {@link #outConnectionLost()}, {@link #errConnectionLost()},
 *       once each, as each pipe closes; {@link #processExited} once the child has exited (its
 *       output may still be arriving, or may have ended before: see {@link ReactorProcess});</li>
 *   <li>{@link #processEnded} last, once the child has exited and all three pipes are closed.</li>
 * </ol>
 * Both exit hooks receive a {@link Failure} of {@link ProcessDone} (status 0) or
 * {@link ProcessTerminated} (another status, or a signal).
 *
 * <p>Threading: reactor thread only.
 */
public abstract class ProcessProtocol {
    private ProcessTransport transport;

    /** Creates a protocol not yet connected to a process. */
    protected ProcessProtocol() {
    }

    /**
     * Connects this protocol to its process and calls {@link #connectionMade()}. Called by the
     * reactor once.
     *
     * @param transport the process's transport
     * @throws IllegalStateException if the protocol was connected before
     */
    public void makeConnection(ProcessTransport transport) {
        Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("this protocol is already connected to " + this.transport);
        }
        this.transport = transport;
        connectionMade();
    }

    /**
     * Tells whether this protocol has been connected to a process.
     *
     * @return true from {@link #makeConnection} on
     */
    public boolean isConnected() {
        return transport != null;
    }

    /**
     * Returns the process's transport (Twisted's {@code transport}).
     *
     * @return the transport
     * @throws IllegalStateException before {@link #makeConnection}
     */
    public ProcessTransport transport() {
        if (transport == null) {
            throw new IllegalStateException("this protocol is not connected to a process");
        }
        return transport;
    }

    /** Reports that the process has started; {@link #transport()} is available. Default: nothing. */
    public void connectionMade() {
    }

    /**
     * Reports bytes the child wrote to one of its output pipes, and calls {@link #outReceived}
     * for 1 and {@link #errReceived} for 2 (Twisted's {@code childDataReceived}).
     *
     * @param childFd 1 for standard output, 2 for standard error
     * @param data the bytes; the protocol may keep the array
     */
    public void childDataReceived(int childFd, byte[] data) {
        if (childFd == 1) {
            outReceived(data);
        } else if (childFd == 2) {
            errReceived(data);
        }
    }

    /**
     * Reports bytes from the child's standard output. Default: ignores them.
     *
     * @param data the bytes, in order, in chunks of arbitrary size
     */
    public void outReceived(byte[] data) {
    }

    /**
     * Reports bytes from the child's standard error. Default: ignores them.
     *
     * @param data the bytes, in order, in chunks of arbitrary size
     */
    public void errReceived(byte[] data) {
    }

    /**
     * Reports that one of the child's pipes closed, and calls the matching hook (Twisted's
     * {@code childConnectionLost}).
     *
     * @param childFd 0 for standard input, 1 for output, 2 for error
     */
    public void childConnectionLost(int childFd) {
        switch (childFd) {
            case 0 -> inConnectionLost();
            case 1 -> outConnectionLost();
            case 2 -> errConnectionLost();
            default -> { }
        }
    }

    /** Reports that the child's standard input is closed. Default: nothing. */
    public void inConnectionLost() {
    }

    /** Reports that the child's standard output is closed. Default: nothing. */
    public void outConnectionLost() {
    }

    /** Reports that the child's standard error is closed. Default: nothing. */
    public void errConnectionLost() {
    }

    /**
     * Reports that the child has exited; output may still arrive. Default: nothing.
     *
     * @param reason {@link ProcessDone} or {@link ProcessTerminated}
     */
    public void processExited(Failure reason) {
    }

    /**
     * Reports that the child has exited and all its pipes are closed: the last call. Default:
     * nothing.
     *
     * @param reason {@link ProcessDone} or {@link ProcessTerminated}, as for {@link #processExited}
     */
    public void processEnded(Failure reason) {
    }

    /**
     * Returns the prefix for log lines about this protocol.
     *
     * @return the class name by default
     */
    public String logPrefix() {
        return getClass().getSimpleName();
    }
}
