package io.torsion.defer;

import java.util.concurrent.locks.LockSupport;

/**
 * Passes the right to run back and forth between a coroutine's body thread and the thread driving
 * it, so that exactly one of the two runs at any instant; each pass is a happens-before edge.
 *
 * <p>A waiting side first spins briefly ({@link Thread#onSpinWait}) and then parks. Parking and
 * being unparked costs some 30 to 45 µs across cores, while a hand-off caught by a spinning thread
 * costs well under a microsecond; but spinning burns a core, so it is bounded: the driving thread
 * spins up to {@link #DRIVER_SPIN_NANOS} (it could do nothing else anyway: it is blocked until the
 * body awaits or ends), the body up to {@link #BODY_SPIN_NANOS} (it may be waiting for I/O, so a
 * long wait costs it only this much CPU before it parks).
 *
 * <p>States, in one volatile field; a new Handoff starts in BODY, for {@link #start}:
 * <pre>
 *   BODY ── suspend (body) ──► HANDBACK ── awaitBody (its driver notices) ──► IDLE
 *    │ ▲                                                                       │
 *    │ └─────────────────────── resumeBody (a driver) ◄─────────────────────────┘
 *    └──── end (body) ──► DONE
 * </pre>
 * HANDBACK means "the body is suspended, but the driver it handed back to has not yet noticed".
 * A thread that resumes the body waits for IDLE first ({@link #acquire}): that is immediate unless
 * the awaited Deferred was fired on another thread than the driver, which the one-thread contract
 * forbids but which must not leave two drivers waiting on one body.
 *
 * <p>Threading: the methods say which side calls them; the two sides may be any threads.
 */
final class Handoff {
    /** Whether the waiting sides spin before they park. */
    enum Spin {
        /** Spin for the budgets below, then park. */
        DEFAULT,
        /** Park at once; tests use it to exercise the parking path on every hand-off. */
        NONE
    }

    // The budgets, measured on the 2-core build machine (bench/README.md, "Coroutine await"): a
    // round trip caught by spinning costs ~0.2 µs; one where both sides park, 30-55 µs; waking a
    // parked body takes 10-20 µs (a virtual one: its carrier's wake-up), sometimes more. The
    // driver's budget must clearly exceed a body's wake-up, or after a single park the pair settles
    // into parking on every hand-off: with 10 µs it settled at ~33 µs per round trip, with 20 µs
    // at ~19 µs (platform) and ~31 µs (virtual) for whole seconds. With 50 µs it mostly recovers
    // at once: of ten runs, one still had a 1-second iteration at ~31 µs. The driver is blocked
    // either way, so spinning through the body's wake-up costs CPU, not latency.
    // When the scheduler puts both threads on one CPU, a spinning side only delays the other until
    // one is migrated: a round trip then costs the body's budget plus a wake-up (5 µs gave
    // ~10 µs, 10 µs gave ~15 µs), so the body's budget, which is also what an await for I/O wastes
    // before parking, stays short. Thread.yield() in the spin was tried and was slower (it keeps
    // the pair on one CPU; a virtual thread's yield does not even give up its carrier's CPU).

    /** How long the driving thread spins, waiting for the body to await again or end. */
    static final long DRIVER_SPIN_NANOS = 50_000;
    /** How long the body spins, waiting for its awaited Deferred to fire. */
    static final long BODY_SPIN_NANOS = 5_000;

    private static final int BODY = 0;
    private static final int HANDBACK = 1;
    private static final int IDLE = 2;
    private static final int DONE = 3;

    private volatile int state = BODY;
    private volatile boolean bodyParked;
    private volatile boolean driverParked;
    private final Thread body;
    /** The thread blocked until the body hands back; written before each pass to the body. */
    private Thread driver;
    private final long driverSpin;
    private final long bodySpin;

    Handoff(Thread body, Spin spin) {
        this.body = body;
        boolean spins = spin == Spin.DEFAULT;
        this.driverSpin = spins ? DRIVER_SPIN_NANOS : 0;
        this.bodySpin = spins ? BODY_SPIN_NANOS : 0;
    }

    // ---------------------------------------------------------------- the driving side

    /** Driving thread: starts the body thread; returns when the body suspends or ends. */
    void start() {
        driver = Thread.currentThread();
        body.start();
        awaitBody();
    }

    /**
     * Driving thread, before {@link #resumeBody}: returns once the previous driver has taken its
     * turn back. Immediate on the threads the contract allows.
     */
    void acquire() {
        int spins = 0;
        while (state != IDLE) {
            if (state == DONE) {
                return; // the caller's state check reports it
            }
            if (++spins % 1024 == 0) {
                Thread.yield(); // nobody will unpark us: this path only waits out a racing thread
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Driving thread: lets the suspended body run; returns when it suspends again or ends. */
    void resumeBody() {
        driver = Thread.currentThread();
        state = BODY;
        if (bodyParked) {
            LockSupport.unpark(body);
        }
        awaitBody();
    }

    /** Driving thread, after {@link #start} or {@link #resumeBody}: tells whether the body ended. */
    boolean bodyEnded() {
        return state == DONE;
    }

    private void awaitBody() {
        if (!spin(false, driverSpin)) {
            boolean interrupted = false;
            driverParked = true;
            while (state == BODY) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            driverParked = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (state == HANDBACK) {
            state = IDLE;
        }
    }

    // ---------------------------------------------------------------- the body side

    /** Body thread: lets its driver go on; returns when a driver resumes the body. */
    void suspend() {
        // Read the driver before the state changes: afterwards another thread may become driver.
        Thread d = driver;
        state = HANDBACK;
        if (driverParked) {
            LockSupport.unpark(d);
        }
        if (!spin(true, bodySpin)) {
            boolean interrupted = false;
            bodyParked = true;
            while (state != BODY) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            bodyParked = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Body thread, its last act: lets its driver go on for good. */
    void end() {
        Thread d = driver;
        state = DONE;
        if (driverParked) {
            LockSupport.unpark(d);
        }
    }

    // ---------------------------------------------------------------- spinning

    /**
     * Spins until it is (if {@code forBody}) or is no longer (otherwise) the body's turn, for at
     * most {@code budgetNanos}; returns whether that happened.
     */
    private boolean spin(boolean forBody, long budgetNanos) {
        if (budgetNanos <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + budgetNanos;
        do {
            for (int i = 0; i < 64; i++) {
                if ((state == BODY) == forBody) {
                    return true;
                }
                Thread.onSpinWait();
            }
        } while (System.nanoTime() - deadline < 0);
        return (state == BODY) == forBody;
    }
}
