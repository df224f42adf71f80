package io.torsion.internet.internal;

import io.torsion.defer.Coroutine;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.LoopLag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The mechanism of a reactor: one thread that waits on a {@link Selector} and runs, turn after
 * turn, the handlers of ready channels, the calls handed over by other threads, and the timed
 * calls that are due. The public {@code SelectorReactor} adds the lifecycle on top.
 *
 * <p>One turn, in order:
 * <ol>
 *   <li>select: wait for a channel, a wakeup or the first timer; no wait when work is queued;</li>
 *   <li>the turn begins: note the time and the timer sequence number;</li>
 *   <li>ready channels' handlers;</li>
 *   <li>the {@code callFromThread} calls queued before this step (a marker ends the batch);</li>
 *   <li>the timed calls due when the turn began and scheduled before it began, in (time,
 *       sequence) order;</li>
 *   <li>the flushes queued with {@link #flushAtEndOfTurn} before this step (transports send what
 *       the turn wrote, one write per connection); flushes queued by a flush wait a turn;</li>
 *   <li>the end-of-turn hook (the reactor fires shutdown there), which may end the loop.</li>
 * </ol>
 * So work scheduled during a turn waits for the next one, where thread calls run before timers.
 *
 * <p>Every handler runs inside the single catch-all of the loop ({@link #runHandler}): what it throws
 * is logged with its stack and the loop goes on.
 *
 * <p>Threading: reactor thread only, except {@link #callFromThread}, {@link #isReactorThread},
 * {@link #thread}, {@link #lag}, {@link #wakeups}, {@link #isSleeping} and the monitor read by the
 * watchdog (any thread).
 */
public final class EventLoop {
    private final System.Logger log;
    private final LoopMonitor monitor;
    private final TimerQueue timers = new TimerQueue();
    private final ThreadCallQueue threadCalls = new ThreadCallQueue(this::wakeSelector);
    private final ArrayDeque<Runnable> flushes = new ArrayDeque<>();
    private volatile Selector selector;
    private volatile Thread thread;
    private boolean noWait;
    /** The channels registered when the selector was closed; what {@link #openChannels} reads then. */
    private List<SelectableChannel> registeredAtExit = List.of();

    /**
     * Creates a loop; its selector is opened on first use.
     *
     * @param log where handler errors go
     * @param watched whether to track the current handler for a watchdog (a few volatile writes
     *     per handler)
     */
    public EventLoop(System.Logger log, boolean watched) {
        this.log = Objects.requireNonNull(log, "log");
        this.monitor = new LoopMonitor(watched);
    }

    // ------------------------------------------------------------------ time

    /**
     * Returns the current time in seconds, the unit of {@link DelayedCall#getTime()}.
     *
     * @return seconds since a process-wide origin
     */
    public double seconds() {
        return LoopTime.toSeconds(LoopTime.nanos());
    }

    /**
     * Schedules {@code callable} after {@code delaySeconds}.
     *
     * @param delaySeconds the delay, at least 0
     * @param callable what to run
     * @return the call
     * @throws IllegalArgumentException if the delay is negative or NaN
     */
    public DelayedCall callLater(double delaySeconds, Runnable callable) {
        assert checkThread("callLater");
        Objects.requireNonNull(callable, "callable");
        if (!(delaySeconds >= 0)) {
            throw new IllegalArgumentException("delay must be a non-negative number of seconds, got " + delaySeconds);
        }
        TimedCall call = new TimedCall(this, callable);
        timers.add(call, LoopTime.plus(LoopTime.nanos(), LoopTime.toNanos(delaySeconds)));
        return call;
    }

    /**
     * Returns the pending timed calls.
     *
     * @return a snapshot in no order
     */
    public List<DelayedCall> getDelayedCalls() {
        assert checkThread("getDelayedCalls");
        return List.copyOf(timers.liveEntries(TimedCall.class));
    }

    /**
     * Returns the timer queue, for the loop's own calls and for tests.
     *
     * @return the queue
     */
    public TimerQueue timers() {
        return timers;
    }

    // ------------------------------------------------------------------ threads

    /**
     * Queues {@code callable} for the next turn and wakes the loop if it may be sleeping (see
     * {@link ThreadCallQueue}).
     *
     * @param callable what to run on the reactor thread
     */
    public void callFromThread(Runnable callable) {
        threadCalls.add(callable);
    }

    private void wakeSelector() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /**
     * Returns how many times a producer had to wake the selector (for tests of the handshake).
     *
     * @return the number of wakeups
     */
    public long wakeups() {
        return threadCalls.wakeups();
    }

    /**
     * Tells whether the loop is blocked, or about to block, in select (for tests of the handshake).
     *
     * @return true while a producer would have to wake the loop
     */
    public boolean isSleeping() {
        return threadCalls.isSleeping();
    }

    /**
     * Tells whether the calling thread may use the loop: it is the loop's thread, a coroutine body
     * that the loop's thread is driving (and is blocked on), or no thread runs the loop.
     *
     * @return whether reactor-only methods may be called now
     */
    public boolean isReactorThread() {
        Thread t = thread;
        return t == null || t == Thread.currentThread() || t == Coroutine.drivingThread();
    }

    /**
     * Returns the thread running the loop.
     *
     * @return the thread, or null when the loop is not running
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Returns true on a thread that may use the loop, and throws otherwise; use in {@code assert}.
     *
     * @param operation the method, named in the error
     * @return true
     * @throws AssertionError on another thread while the loop runs
     */
    public boolean checkThread(String operation) {
        if (!isReactorThread()) {
            throw new AssertionError(operation + " must be called on the reactor thread, not on "
                    + Thread.currentThread().getName() + "; hand the call to the reactor with callFromThread");
        }
        return true;
    }

    // ------------------------------------------------------------------ channels

    /**
     * Registers {@code channel} with the loop's selector, making it non-blocking: the loop calls
     * {@code handler} on the reactor thread when one of {@code ops} is ready. This is the hook for
     * transports; they change the interest set through the returned key.
     *
     * @param channel the channel
     * @param ops the interest set, as in {@link SelectionKey}
     * @param handler called when the channel is ready; it becomes the key's attachment
     * @return the key
     * @throws IOException if the channel cannot be made non-blocking or registered
     */
    public SelectionKey register(SelectableChannel channel, int ops, ChannelHandler handler) throws IOException {
        assert checkThread("register");
        Objects.requireNonNull(handler, "handler");
        channel.configureBlocking(false);
        return channel.register(openSelector(), ops, handler);
    }

    /**
     * Returns the keys registered with the selector (for shutdown, to close what is still open).
     *
     * @return a snapshot of the keys
     */
    public Set<SelectionKey> keys() {
        assert checkThread("keys");
        Selector s = selector;
        return s == null ? Set.of() : Set.copyOf(s.keys());
    }

    /**
     * Returns the registered channels that are still open: while the selector is open, those whose
     * key is valid; once the loop has exited, those that were registered when it closed the
     * selector (closing a selector deregisters its channels but does not close them). A test
     * harness reads it to find connections and ports a test left open.
     *
     * @return a snapshot, in no promised order; empty if none
     */
    public List<SelectableChannel> openChannels() {
        assert checkThread("openChannels");
        Selector s = selector;
        List<SelectableChannel> registered = s != null && s.isOpen() ? registeredChannels(s) : registeredAtExit;
        List<SelectableChannel> open = new ArrayList<>();
        for (SelectableChannel channel : registered) {
            if (channel.isOpen()) {
                open.add(channel);
            }
        }
        return open;
    }

    private static List<SelectableChannel> registeredChannels(Selector s) {
        List<SelectableChannel> channels = new ArrayList<>();
        for (SelectionKey key : s.keys()) {
            if (key.isValid()) {
                channels.add(key.channel());
            }
        }
        return channels;
    }

    private Selector openSelector() {
        Selector s = selector;
        if (s == null) {
            try {
                s = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector for the reactor", e);
            }
            selector = s;
        }
        return s;
    }

    // ------------------------------------------------------------------ the loop

    /**
     * Makes the calling thread the loop's thread and opens the selector.
     *
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public void enter() {
        openSelector();
        thread = Thread.currentThread();
    }

    /**
     * Closes the selector and releases the thread; the loop cannot be entered again. The thread is
     * released last, so that another thread that sees {@link #isReactorThread()} become true also
     * sees the selector closed and {@link #openChannels()}'s final snapshot.
     */
    public void exit() {
        monitor.idle();
        Selector s = selector;
        try {
            if (s != null) {
                registeredAtExit = s.isOpen() ? List.copyOf(registeredChannels(s)) : registeredAtExit;
                try {
                    s.close();
                } catch (IOException e) {
                    log.log(System.Logger.Level.WARNING, "Could not close the reactor's selector", e);
                }
            }
        } finally {
            thread = null;
        }
    }

    /** Makes the next select return at once, for work that the loop cannot see (a stop request). */
    public void noWaitNextTurn() {
        noWait = true;
    }

    /**
     * Runs turns until {@code endOfTurn} returns true at the end of one.
     *
     * @param endOfTurn called at the end of every turn; true ends the loop
     */
    public void run(BooleanSupplier endOfTurn) {
        assert thread == Thread.currentThread() : "enter() first";
        long turnStart = LoopTime.nanos();
        while (true) {
            long timeout = timeoutNanos();
            monitor.endTurn(turnStart);
            select(timeout);
            turnStart = LoopTime.nanos();
            long cutoff = timers.nextSequence();
            processSelectedKeys();
            runThreadCalls();
            runTimedCalls(turnStart, cutoff);
            runFlushes();
            if (endOfTurn.getAsBoolean()) {
                monitor.endTurn(turnStart);
                return;
            }
        }
    }

    private long timeoutNanos() {
        if (noWait) {
            noWait = false;
            return 0;
        }
        if (!threadCalls.isEmpty() || !flushes.isEmpty()) {
            return 0;
        }
        TimerQueue.Entry first = timers.peek();
        return first == null ? -1 : Math.max(0, first.due() - LoopTime.nanos());
    }

    private void select(long timeoutNanos) {
        monitor.idle();
        Selector s = selector;
        try {
            if (timeoutNanos == 0) {
                s.selectNow();
            } else if (!threadCalls.prepareToSleep()) {
                s.selectNow();
            } else {
                try {
                    if (timeoutNanos < 0) {
                        s.select();
                    } else {
                        s.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
                    }
                } finally {
                    threadCalls.wokeUp();
                }
            }
        } catch (IOException e) {
            log.log(System.Logger.Level.ERROR, "The reactor's select failed; the loop goes on", e);
        }
        if (Thread.interrupted()) {
            // An interrupt makes every select return at once; the reactor thread takes no orders that way.
            log.log(System.Logger.Level.DEBUG, "The reactor thread was interrupted; interrupt status cleared");
        }
    }

    private void processSelectedKeys() {
        Selector s = selector;
        if (s.selectedKeys().isEmpty()) {
            return;
        }
        Iterator<SelectionKey> it = s.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            ChannelHandler handler = (ChannelHandler) key.attachment();
            beginHandler(handler);
            try {
                handler.channelReady(key);
            } catch (Throwable t) {
                logError("channel handler", handler, t);
                try {
                    handler.channelFailed(key, t);
                } catch (Throwable t2) {
                    logError("channelFailed of", handler, t2);
                }
            }
        }
    }

    /**
     * Runs {@code flush} once near the end of the current turn, after its timed calls, inside the
     * loop's catch-all; queued during that step (or before the loop runs), it waits for the next
     * turn, which then does not sleep in select. Transports use it to send everything a turn wrote
     * in one write call; the caller keeps a flag so that it queues itself at most once.
     *
     * @param flush what to run
     */
    public void flushAtEndOfTurn(Runnable flush) {
        assert checkThread("flushAtEndOfTurn");
        flushes.add(Objects.requireNonNull(flush, "flush"));
    }

    private void runFlushes() {
        for (int n = flushes.size(); n > 0; n--) {
            Runnable flush = flushes.poll();
            runHandler(flush, flush);
        }
    }

    private void runThreadCalls() {
        threadCalls.runBatch(call -> runHandler(call, call));
    }

    private void runTimedCalls(long turnStart, long cutoff) {
        // Ordered by (time, sequence): the first entry that is not yet due, or that was (re)scheduled
        // during this turn, ends the batch; anything behind it is later in the same order.
        for (TimerQueue.Entry first; (first = timers.peek()) != null
                && first.due() <= turnStart && first.sequence() < cutoff; ) {
            timers.poll();
            Runnable callable = ((TimedCall) first).take();
            runHandler(callable, callable);
        }
    }

    /**
     * Runs one handler inside the loop's catch-all: what it throws is logged with its stack, and
     * the caller goes on.
     *
     * @param label what to name in logs and in watchdog warnings
     * @param action the handler
     */
    public void runHandler(Object label, Runnable action) {
        beginHandler(label);
        try {
            action.run();
        } catch (Throwable t) {
            logError("handler", label, t);
        }
    }

    /**
     * Notes that a handler starts, for the watchdog.
     *
     * @param label the handler
     */
    public void beginHandler(Object label) {
        monitor.beginHandler(label);
    }

    /**
     * Logs an error thrown by a handler, with its stack.
     *
     * @param kind what kind of handler
     * @param label the handler
     * @param error what it threw
     */
    public void logError(String kind, Object label, Throwable error) {
        log.log(System.Logger.Level.ERROR, "Unhandled error in " + kind + " " + label
                + "; the reactor goes on", error);
    }

    // ------------------------------------------------------------------ measurements

    /**
     * Returns the busy time of the loop's turns.
     *
     * @return last and longest turn, and the number of turns
     */
    public LoopLag lag() {
        return monitor.lag();
    }

    LoopMonitor monitor() {
        return monitor;
    }
}
