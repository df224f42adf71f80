package io.torsion.defer;

/**
 * Thrown by {@link DeferredQueue#put} when the queue already holds as many objects as its size limit
 * and no {@code get()} is waiting for one (Twisted's {@code defer.QueueOverflow}).
 *
 * <p>Threading: immutable.
 */
public class QueueOverflow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The size limit of the queue that was full. */
    private final int sizeLimit;

    /**
     * Creates the error for a queue whose size limit was reached.
     *
     * @param sizeLimit the queue's size limit
     */
    public QueueOverflow(int sizeLimit) {
        super("DeferredQueue is full: its size limit is " + sizeLimit + " object" + (sizeLimit == 1 ? "" : "s")
                + " and no get() is waiting");
        this.sizeLimit = sizeLimit;
    }

    /**
     * Returns the size limit of the queue that was full.
     *
     * @return the size limit
     */
    public int sizeLimit() {
        return sizeLimit;
    }
}
