package io.torsion.internet;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.internal.ChildProcess;
import io.torsion.internet.internal.EventLoop;
import io.torsion.internet.internal.ReactorThreadPool;
import io.torsion.internet.internal.TcpConnector;
import io.torsion.internet.internal.TcpContext;
import io.torsion.internet.internal.TcpPort;
import io.torsion.internet.internal.UdpPort;
import io.torsion.internet.internal.Watchdog;
import java.nio.channels.SelectableChannel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reactor: one thread, waiting on a {@link java.nio.channels.Selector}, that runs the handlers
 * of timers, channels and other threads' calls one by one, to completion (Twisted's
 * {@code twisted.internet.reactor}, as its select/epoll reactors).
 * <pre>{@code
 * SelectorReactor reactor = SelectorReactor.getDefault();
 * reactor.callLater(1.0, () -> System.out.println("one second later"));
 * reactor.callLater(2.0, reactor::stop);
 * reactor.run();  // returns after stop() and the shutdown triggers
 * }</pre>
 *
 * <p>Lifecycle, as {@link ReactorCore} describes: created → {@link #run()} (startup triggers) →
 * running → {@link #stop()} (shutdown triggers; the loop keeps running until the Deferreds of the
 * before-shutdown triggers fire) → stopped. A reactor runs once; tests create one per test. Several
 * reactors may run at the same time on different threads, each independent; {@link ReactorGroup}
 * runs N of them and spreads a port's connections over them.
 *
 * <p>A loop turn runs the handlers of ready channels, then the {@code callFromThread} calls queued
 * before the turn's thread-call step, then the timed calls that were due when the turn began, in
 * (time, scheduling order) order, then the TCP connections send what the turn wrote (one write per
 * connection). Work scheduled during a turn waits for the next turn, where
 * thread calls run before timed calls. (Twisted runs a timed call scheduled by a thread call in the
 * same iteration, and does not promise the order of equal times.)
 *
 * <p>What a handler throws is logged (logger {@code io.torsion.internet.SelectorReactor}, or the one
 * in the options) with its stack, and the loop goes on. {@link #getLoopLag()} tells how busy the
 * loop's turns are; the watchdog option names a handler that blocks the loop.
 *
 * <p>TCP ({@link ReactorTCP}): ports and connections live on the loop; the reactor's shutdown
 * closes those still open (a {@code DURING SHUTDOWN} trigger, as Twisted's {@code disconnectAll}),
 * and their protocols get {@code connectionLost} with {@link ConnectionLost}.
 *
 * <p>Signals: with {@link ReactorOptions#withSignalHandlers} (on for {@link #getDefault()}),
 * {@code run()} installs a JVM shutdown hook, so that SIGINT (Ctrl-C), SIGTERM or
 * {@code System.exit} from another thread stop the reactor cleanly: the hook asks it to stop through
 * {@code callFromThread} and waits, bounded, until its shutdown triggers have run.
 *
 * <p>Threading: reactor thread only, except {@link #isRunning()}, {@link #getLoopLag()} and the
 * thread-safe methods of {@link ReactorThreads}. While the reactor is not running, the thread that
 * owns it may set it up. Reactor-only methods assert the thread when assertions are enabled.
 */
public final class SelectorReactor implements Reactor {
    /**
     * The default high-water mark of a TCP connection's write buffer: a registered streaming
     * producer is paused when more bytes wait to be sent (Twisted's {@code FileDescriptor.bufferSize}).
     */
    public static final int DEFAULT_WRITE_HIGH_WATER_MARK = 64 * 1024;
    /**
     * The default low-water mark: a paused producer is resumed when the write buffer has drained
     * to this many bytes (Twisted resumes when it is empty).
     */
    public static final int DEFAULT_WRITE_LOW_WATER_MARK = 0;

    private enum State { NOT_STARTED, STARTING, RUNNING, STOPPING, SHUTTING_DOWN, STOPPED }

    private static final AtomicInteger IDS = new AtomicInteger();
    private static SelectorReactor defaultReactor;

    private final int id = IDS.incrementAndGet();
    private final ReactorOptions options;
    private final System.Logger log;
    private final EventLoop loop;
    private final ReactorThreadPool pool;
    private final ThreePhaseEvent startup = new ThreePhaseEvent(SystemEvent.STARTUP);
    private final ThreePhaseEvent shutdown = new ThreePhaseEvent(SystemEvent.SHUTDOWN);
    private final AtomicReference<State> state = new AtomicReference<>(State.NOT_STARTED);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final BlockingCalls blockingCalls;
    private boolean stopRequested;
    private boolean leaveLoop;
    private Watchdog watchdog;
    private ShutdownHook shutdownHook;
    private TcpContext tcp;

    /** Creates a reactor with {@link ReactorOptions#defaults()}. */
    public SelectorReactor() {
        this(ReactorOptions.defaults());
    }

    /**
     * Creates a reactor. Nothing runs and no thread starts until {@link #run()}.
     *
     * @param options its settings
     */
    public SelectorReactor(ReactorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.log = options.logger();
        this.loop = new EventLoop(log, options.watchdogEnabled());
        this.pool = new ReactorThreadPool("torsion-pool-" + id, options.threadPoolSize(), log);
        this.blockingCalls = new BlockingCalls(loop);
        shutdown.add(new SystemEventTrigger(this, Phase.DURING, SystemEvent.SHUTDOWN, () -> {
            pool.stop(options.threadPoolJoinTimeout());
            return null;
        }, "<stop the reactor's thread pool>"));
    }

    /**
     * Returns the process-wide reactor for short programs, such as the tutorial's (what Twisted
     * programs get with {@code from twisted.internet import reactor}). It is created on first use,
     * with {@link ReactorOptions#defaults()} and signal handling on. Like any reactor, it runs once.
     *
     * @return the default reactor
     */
    public static synchronized SelectorReactor getDefault() {
        if (defaultReactor == null) {
            defaultReactor = new SelectorReactor(ReactorOptions.defaults().withSignalHandlers(true));
        }
        return defaultReactor;
    }

    /**
     * Returns the options this reactor was created with.
     *
     * @return the options
     */
    public ReactorOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ ReactorCore

    @Override
    public void run() {
        if (!state.compareAndSet(State.NOT_STARTED, State.STARTING)) {
            State actual = state.get();
            if (actual == State.SHUTTING_DOWN || actual == State.STOPPED) {
                throw new ReactorNotRestartable("the reactor has been stopped; it cannot run again");
            }
            throw new ReactorAlreadyRunning("the reactor is already running (" + actual + ")");
        }
        try {
            loop.enter();
            if (options.installsSignalHandlers()) {
                shutdownHook = new ShutdownHook(this, log);
                shutdownHook.install(options.shutdownHookTimeout(), "torsion-shutdown-hook-" + id);
            }
            if (options.watchdogEnabled()) {
                watchdog = Watchdog.start(loop, options.watchdogThreshold(), log);
            }
            startup.fire(loop, this::startupDuring, () -> { });
            loop.run(this::endOfTurn);
        } finally {
            terminate();
        }
    }

    private void startupDuring() {
        // A stop() in the before-startup phase has already moved the state on: it stays.
        if (state.get() == State.STARTING) {
            moveTo(State.STARTING, State.RUNNING);
        }
        pool.start();
    }

    /** Called by the loop at the end of each turn: fires shutdown when asked; true ends the loop. */
    private boolean endOfTurn() {
        if (stopRequested) {
            stopRequested = false;
            shutdown.fire(loop, this::shutdownDuring, () -> leaveLoop = true);
        }
        return leaveLoop;
    }

    private void shutdownDuring() {
        moveTo(State.STOPPING, State.SHUTTING_DOWN);
        // Thread calls queued from now on never run: callers blocked on one are told at once
        // (before the pool is joined, so that pool threads blocked on one can finish).
        blockingCalls.close();
    }

    private void moveTo(State expected, State next) {
        if (!state.compareAndSet(expected, next)) {
            throw new IllegalStateException("the reactor must be " + expected + " to become " + next
                    + ", but it is " + state.get());
        }
    }

    /** Ends run(), normally or not: from any state to STOPPED, releasing everything. */
    private void terminate() {
        try {
            state.set(State.STOPPED);
            blockingCalls.close();
            pool.stop(options.threadPoolJoinTimeout());
            if (watchdog != null) {
                watchdog.stop();
            }
            loop.exit();
            if (shutdownHook != null) {
                shutdownHook.uninstall();
            }
        } finally {
            finished.countDown();
        }
    }

    @Override
    public void stop() {
        assert loop.checkThread("stop");
        State s = state.get();
        if ((s == State.STARTING || s == State.RUNNING) && state.compareAndSet(s, State.STOPPING)) {
            stopRequested = true;
            loop.noWaitNextTurn();
            return;
        }
        throw new ReactorNotRunning(switch (state.get()) {
            case NOT_STARTED -> "Can't stop a reactor that isn't running";
            case STOPPING, SHUTTING_DOWN -> "Can't stop the reactor: it is already stopping";
            default -> "Can't stop a reactor that has stopped";
        });
    }

    @Override
    public boolean isRunning() {
        State s = state.get();
        return s == State.RUNNING || s == State.STOPPING;
    }

    @Override
    public void callWhenRunning(Runnable callable) {
        assert loop.checkThread("callWhenRunning");
        Objects.requireNonNull(callable, "callable");
        if (isRunning()) {
            callable.run();
        } else {
            addSystemEventTrigger(Phase.AFTER, SystemEvent.STARTUP, callable);
        }
    }

    @Override
    public SystemEventTrigger addSystemEventTrigger(Phase phase, SystemEvent event, Runnable trigger) {
        Objects.requireNonNull(trigger, "trigger");
        return add(phase, event, () -> {
            trigger.run();
            return null;
        }, trigger);
    }

    @Override
    public SystemEventTrigger addSystemEventTrigger(Phase phase, SystemEvent event,
            Callable<? extends Deferred<?>> trigger) {
        return add(phase, event, Objects.requireNonNull(trigger, "trigger"), trigger);
    }

    private SystemEventTrigger add(Phase phase, SystemEvent event, Callable<? extends Deferred<?>> action,
            Object label) {
        assert loop.checkThread("addSystemEventTrigger");
        SystemEventTrigger t = new SystemEventTrigger(this, Objects.requireNonNull(phase, "phase"),
                Objects.requireNonNull(event, "event"), action, label);
        eventOf(event).add(t);
        return t;
    }

    @Override
    public void removeSystemEventTrigger(SystemEventTrigger trigger) {
        assert loop.checkThread("removeSystemEventTrigger");
        if (!trigger.ownedBy(this)) {
            throw new IllegalArgumentException(trigger + " was added to another reactor");
        }
        eventOf(trigger.event()).remove(trigger);
    }

    private ThreePhaseEvent eventOf(SystemEvent event) {
        return event == SystemEvent.STARTUP ? startup : shutdown;
    }

    // ------------------------------------------------------------------ ReactorTime

    @Override
    public double seconds() {
        return loop.seconds();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The due time is taken from {@link System#nanoTime()}; a call runs in the first loop turn
     * that begins at or after it.
     *
     * @throws IllegalArgumentException if the delay is negative or not a number
     */
    @Override
    public DelayedCall callLater(double delaySeconds, Runnable callable) {
        return loop.callLater(delaySeconds, callable);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return loop.getDelayedCalls();
    }

    // ------------------------------------------------------------------ ReactorThreads

    @Override
    public void callFromThread(Runnable callable) {
        loop.callFromThread(callable);
    }

    @Override
    public void callInThread(Runnable callable) {
        pool.execute(callable);
    }

    @Override
    public <T> Deferred<T> deferToThread(Callable<? extends T> f) {
        assert loop.checkThread("deferToThread");
        Objects.requireNonNull(f, "f");
        Deferred<T> d = new Deferred<>();
        try {
            pool.execute(() -> {
                Object outcome;
                try {
                    outcome = f.call();
                } catch (Throwable t) {
                    outcome = new Failure(t);
                }
                Object result = outcome;
                loop.callFromThread(() -> fire(d, result));
            });
        } catch (ReactorNotRunning e) {
            d.errback(e);
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static <T> void fire(Deferred<T> d, Object outcome) {
        if (outcome instanceof Failure failure) {
            d.errback(failure);
        } else if (outcome instanceof Deferred<?>) {
            d.errback(new IllegalArgumentException("a function given to deferToThread returned a Deferred"));
        } else {
            d.callback((T) outcome);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T blockingCallFromThread(Callable<? extends T> f) throws Exception {
        return (T) blockingCalls.call(f);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T blockingCallFromThreadDeferred(Callable<? extends Deferred<? extends T>> f) throws Exception {
        return (T) blockingCalls.call(f);
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        pool.setMaximumSize(ReactorOptions.checkPoolSize(size));
    }

    @Override
    public Executor getThreadPool() {
        return pool;
    }

    @Override
    public boolean isReactorThread() {
        return loop.isReactorThread();
    }

    // ------------------------------------------------------------------ ReactorTCP

    /**
     * {@inheritDoc}
     *
     * <p>The port is closed by the reactor's shutdown (a {@code DURING SHUTDOWN} trigger) if it is
     * still listening then.
     */
    @Override
    public ListeningPort listenTCP(int port, ServerFactory<?> factory, int backlog, String interfaceAddress) {
        assert loop.checkThread("listenTCP");
        return TcpPort.listen(tcp(), port, factory, backlog, interfaceAddress);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A connection still open when the reactor shuts down is closed then, and its protocol gets
     * {@link ConnectionLost}; an attempt still in progress fails with {@link ConnectError}.
     */
    @Override
    public Connector connectTCP(String host, int port, ClientFactory<?> factory, double timeoutSeconds,
            Address bindAddress) {
        assert loop.checkThread("connectTCP");
        TcpConnector connector = new TcpConnector(tcp(), host, port, factory, timeoutSeconds, bindAddress);
        connector.connect();
        return connector;
    }

    /**
     * Sets the flow-control marks of the TCP connections made from now on: a streaming producer
     * registered with a connection is paused when more than {@code highWaterMark} bytes wait to be
     * sent, and resumed when they have drained to {@code lowWaterMark} (defaults
     * {@value #DEFAULT_WRITE_HIGH_WATER_MARK} and {@value #DEFAULT_WRITE_LOW_WATER_MARK}).
     *
     * @param highWaterMark the pause threshold in bytes
     * @param lowWaterMark the resume threshold in bytes
     * @throws IllegalArgumentException unless {@code 0 <= lowWaterMark <= highWaterMark}
     */
    public void setWriteBufferMarks(int highWaterMark, int lowWaterMark) {
        assert loop.checkThread("setWriteBufferMarks");
        tcp().setWriteBufferMarks(highWaterMark, lowWaterMark);
    }

    /** The TCP state of this reactor, made on first use with its shutdown trigger. */
    TcpContext tcp() {
        if (tcp == null) {
            tcp = new TcpContext(loop, this, DEFAULT_WRITE_HIGH_WATER_MARK, DEFAULT_WRITE_LOW_WATER_MARK);
            TcpContext closing = tcp;
            addSystemEventTrigger(Phase.DURING, SystemEvent.SHUTDOWN, (Runnable) closing::shutdown);
        }
        return tcp;
    }

    // ---- UNIX

    /**
     * {@inheritDoc}
     *
     * <p>The port is closed, and its file (and lock file) removed, by the reactor's shutdown if it
     * is still listening then.
     */
    @Override
    public ListeningPort listenUNIX(String path, ServerFactory<?> factory, int backlog, int mode, boolean wantPID) {
        assert loop.checkThread("listenUNIX");
        return TcpPort.listenUnix(tcp(), path, factory, backlog, mode, wantPID);
    }

    @Override
    public Connector connectUNIX(String path, ClientFactory<?> factory, double timeoutSeconds, boolean checkPID) {
        assert loop.checkThread("connectUNIX");
        TcpConnector connector = TcpConnector.unix(tcp(), path, factory, timeoutSeconds, checkPID);
        connector.connect();
        return connector;
    }

    // ---- end UNIX

    // ---- UDP

    /**
     * {@inheritDoc}
     *
     * <p>The port is closed by the reactor's shutdown if it is still listening then.
     */
    @Override
    public UDPTransport listenUDP(int port, DatagramProtocol protocol, String interfaceAddress, int maxPacketSize) {
        assert loop.checkThread("listenUDP");
        return UdpPort.listen(tcp(), port, protocol, interfaceAddress, maxPacketSize, false, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The port is closed by the reactor's shutdown if it is still listening then.
     */
    @Override
    public MulticastTransport listenMulticast(int port, DatagramProtocol protocol, String interfaceAddress,
            int maxPacketSize, boolean listenMultiple) {
        assert loop.checkThread("listenMulticast");
        return UdpPort.listen(tcp(), port, protocol, interfaceAddress, maxPacketSize, true, listenMultiple);
    }

    // ---- end UDP

    // ---- processes

    /**
     * {@inheritDoc}
     *
     * <p>As in Twisted, the reactor's shutdown does not kill children still running; their
     * events after the reactor stopped are not delivered.
     */
    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            Map<String, String> env, String path) {
        assert loop.checkThread("spawnProcess");
        return ChildProcess.spawn(tcp(), protocol, executable, args, env, path);
    }

    // ---- end processes

    // ---- TLS (ReactorSSL)
    // TLS is TCP with a TlsProtocol around each protocol; the wrapping factories do the work.

    /**
     * {@inheritDoc}
     *
     * <p>The port is a TCP port ({@link #listenTCP}) whose factory wraps each protocol in a
     * {@link io.torsion.protocols.TlsProtocol}.
     */
    @Override
    public ListeningPort listenSSL(int port, ServerFactory<?> factory, ServerTlsOptions options, int backlog,
            String interfaceAddress) {
        assert loop.checkThread("listenSSL");
        return listenTCP(port, io.torsion.internet.internal.TlsFactories.server(factory, options), backlog,
                interfaceAddress);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The connector is a TCP connector ({@link #connectTCP}) whose factory wraps the protocol in
     * a {@link io.torsion.protocols.TlsProtocol}.
     */
    @Override
    public Connector connectSSL(String host, int port, ClientFactory<?> factory, ClientTlsOptions options,
            double timeoutSeconds, Address bindAddress) {
        assert loop.checkThread("connectSSL");
        return connectTCP(host, port, io.torsion.internet.internal.TlsFactories.client(factory, options),
                timeoutSeconds, bindAddress);
    }

    // ---- end TLS

    // ------------------------------------------------------------------ measurements and signals

    /**
     * Returns how busy the loop's turns have been: the last and the longest busy time of a turn.
     *
     * @return the figures, zero before the reactor has run
     */
    public LoopLag getLoopLag() {
        return loop.lag();
    }

    /**
     * Returns the channels registered with this reactor that are still open: its listening ports
     * and connections (what Twisted's {@code getReaders()} and {@code getWriters()} report
     * together). After the reactor has stopped, it returns those that were registered when it
     * stopped and are still open, since stopping deregisters channels without closing them: a
     * test harness uses it to find the ports and connections a test left open.
     *
     * @return a snapshot, in no promised order; empty if none
     */
    public List<SelectableChannel> getChannels() {
        return loop.openChannels();
    }

    /** Asks a starting or running reactor to stop, from any thread; false if it was not running. */
    boolean signalStop() {
        State s = state.get();
        if (s != State.STARTING && s != State.RUNNING) {
            return false;
        }
        loop.callFromThread(() -> {
            State now = state.get();
            if (now == State.STARTING || now == State.RUNNING) {
                stop();
            }
        });
        return true;
    }

    /** Tells whether run() has been called. */
    boolean hasStarted() {
        return state.get() != State.NOT_STARTED;
    }

    /** Waits up to {@code nanos} for run() to finish; true if it has. */
    boolean awaitFinished(long nanos) throws InterruptedException {
        return finished.await(nanos, TimeUnit.NANOSECONDS);
    }

    EventLoop loop() {
        return loop;
    }

    ReactorThreadPool threadPool() {
        return pool;
    }

    @Override
    public String toString() {
        return "<SelectorReactor #" + id + " " + state.get() + ">";
    }
}
