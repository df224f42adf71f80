package io.torsion.defer;

/**
 * Thrown by {@link DeferredQueue#get} when the queue is empty and as many {@code get()} Deferreds are
 * already waiting as its backlog limit allows (Twisted's {@code defer.QueueUnderflow}).
 *
 * <p>Threading: immutable.
 */
public class QueueUnderflow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The backlog limit of the queue. */
    private final int backlogLimit;

    /**
     * Creates the error for a queue whose backlog limit was reached.
     *
     * @param backlogLimit the queue's backlog limit
     */
    public QueueUnderflow(int backlogLimit) {
        super("too many get() calls waiting on an empty DeferredQueue: its backlog limit is " + backlogLimit);
        this.backlogLimit = backlogLimit;
    }

    /**
     * Returns the backlog limit of the queue.
     *
     * @return the backlog limit
     */
    public int backlogLimit() {
        return backlogLimit;
    }
}
