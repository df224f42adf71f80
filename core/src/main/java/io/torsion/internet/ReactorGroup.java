package io.torsion.internet;

import io.torsion.internet.internal.PortShare;
import io.torsion.internet.internal.TcpPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs N independent {@link SelectorReactor}s, each on its own thread, and spreads the connections
 * of its listening ports across them, so that a server uses every core while each connection keeps
 * the one-thread contract on its own reactor (what Netty calls an event loop group; Twisted runs
 * one reactor).
 * <pre>{@code
 * try (ReactorGroup group = new ReactorGroup()) {           // one reactor per core
 *     group.start();
 *     GroupListeningPort port = group.listenTCP(8000,
 *             reactor -> ServerFactory.forProtocol(Echo::new), 50, "");
 *     ...
 * }                                                         // close() stops every reactor
 * }</pre>
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>created: the reactors exist but no thread runs them; the creating thread may set them up
 *       (each reactor's own methods, {@link #listenTCP});</li>
 *   <li>{@link #start()}: one thread per reactor runs it; start returns once every reactor runs
 *       (its startup triggers have fired);</li>
 *   <li>{@link #stop()} or {@link #close()}: each reactor stops on its own thread, running its
 *       shutdown triggers there (its ports and connections close, protocols get
 *       {@code connectionLost} with {@link ConnectionLost}), and the threads are joined, bounded;</li>
 *   <li>stopped. A group runs once, as its reactors do.</li>
 * </ol>
 *
 * <p>Each reactor is a whole reactor: timers ({@code callLater}), {@code callFromThread}, its
 * thread pool, and the connections it serves are its own. A protocol finds its reactor through the
 * factory that built it (give {@link #listenTCP(int, Function, int, String)} a function that makes
 * one factory per reactor and hands it that reactor), or with {@link #currentReactor()}. Work for another reactor goes through that
 * reactor's {@code callFromThread}. The group installs no signal handlers: its owner stops it.
 *
 * <p>Threading: {@link #next()}, {@link #reactors()}, {@link #size()}, {@link #isRunning()} and
 * {@link #currentReactor()}: any thread. {@link #start()}, {@link #stop()}, {@link #close()} and {@link #listenTCP}: any
 * thread that is not one of the group's reactor threads (they wait for the reactors, and a
 * reactor must not wait), made safe by running each reactor's part on its thread through
 * {@code blockingCallFromThread} once the group runs.
 */
public final class ReactorGroup implements AutoCloseable {
    /** How long {@link #start()} waits for the reactors, and {@link #stop()} for their threads. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.incrementAndGet();
    private final List<SelectorReactor> reactors;
    private volatile List<Thread> threads = List.of();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final System.Logger log;

    /** Creates a group of one reactor per core ({@link Runtime#availableProcessors()}), default options. */
    public ReactorGroup() {
        this(Runtime.getRuntime().availableProcessors(), ReactorOptions.defaults());
    }

    /**
     * Creates a group of {@code size} reactors made with {@code options} (signal handlers off:
     * the group's owner stops it). Nothing runs until {@link #start()}.
     *
     * @param size how many reactors, at least 1
     * @param options each reactor's settings
     * @throws IllegalArgumentException if {@code size} is below 1
     */
    public ReactorGroup(int size, ReactorOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("a reactor group needs at least 1 reactor, got " + size);
        }
        ReactorOptions each = Objects.requireNonNull(options, "options").withSignalHandlers(false);
        List<SelectorReactor> made = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            made.add(new SelectorReactor(each));
        }
        this.reactors = List.copyOf(made);
        this.log = each.logger();
    }

    /**
     * Returns the group's reactors, in a fixed order; the first accepts the connections of the
     * group's listening ports.
     *
     * @return an immutable list of {@link #size()} reactors
     */
    public List<SelectorReactor> reactors() {
        return reactors;
    }

    /**
     * Returns how many reactors the group has.
     *
     * @return the size, at least 1
     */
    public int size() {
        return reactors.size();
    }

    /**
     * Returns the next reactor in round-robin order, for spreading work (such as client
     * connections) over the group; use it only through its {@code callFromThread} unless on its
     * thread.
     *
     * @return a reactor of the group
     */
    public SelectorReactor next() {
        return reactors.get(Math.floorMod(nextIndex.getAndIncrement(), reactors.size()));
    }

    /**
     * Tells whether the group has started and is not stopping.
     *
     * @return true between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * Starts one thread per reactor and waits, at most {@link #DEFAULT_TIMEOUT}, until every
     * reactor runs.
     *
     * @throws IllegalStateException if the group has already been started, or a reactor did not
     *     start in time (the group is then stopped)
     * @throws InterruptedException if interrupted while waiting (the group is then stopped)
     */
    public void start() throws InterruptedException {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("a reactor group must be NEW to start, but it is " + state.get());
        }
        CountDownLatch running = new CountDownLatch(reactors.size());
        List<Thread> made = new ArrayList<>();
        for (int i = 0; i < reactors.size(); i++) {
            SelectorReactor reactor = reactors.get(i);
            reactor.callWhenRunning(running::countDown);
            made.add(new Thread(() -> runReactor(reactor), "torsion-group-" + id + "-reactor-" + i));
        }
        threads = List.copyOf(made);
        made.forEach(Thread::start);
        boolean started = false;
        try {
            started = running.await(DEFAULT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            if (!started) {
                stop();
            }
        }
        if (!started) {
            throw new IllegalStateException("the reactors of " + this + " did not start within " + DEFAULT_TIMEOUT);
        }
    }

    private void runReactor(SelectorReactor reactor) {
        try {
            reactor.run();
        } catch (RuntimeException | Error e) {
            log.log(System.Logger.Level.ERROR, reactor + " of " + this + " ended with an error", e);
        }
    }

    /**
     * Stops the group and waits, at most {@link #DEFAULT_TIMEOUT}, for its threads to end.
     *
     * @return true if every thread ended in time (or none had started); false if some still run
     * @throws IllegalStateException if called on one of the group's reactor threads
     */
    public boolean stop() {
        return stop(DEFAULT_TIMEOUT);
    }

    /**
     * Stops every reactor of the group, each running its shutdown triggers on its own thread, and
     * waits at most {@code timeout} in all for the threads to end. The first reactor (the acceptor
     * of the listening ports) stops first, so that the connections it handed on are served, then
     * closed, by reactors still running. Calling it again waits again.
     *
     * @param timeout the bound on the whole wait
     * @return true if every thread ended in time (or none had started); false if some still run
     * @throws IllegalStateException if called on one of the group's reactor threads
     */
    public boolean stop(Duration timeout) {
        checkNotOnGroupThread("stop");
        long deadline = System.nanoTime() + timeout.toNanos();
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            return true;
        }
        state.compareAndSet(State.RUNNING, State.STOPPING);
        boolean ended = true;
        try {
            // The acceptor first: once it has finished, no more hand-offs can be queued, and those
            // queued run before the other reactors' shutdown (their thread calls are FIFO).
            reactors.get(0).signalStop();
            List<Thread> all = threads;
            ended = joinBy(all.get(0), deadline);
            for (SelectorReactor r : reactors.subList(1, reactors.size())) {
                r.signalStop();
            }
            for (Thread t : all.subList(1, all.size())) {
                ended &= joinBy(t, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (ended) {
            state.set(State.STOPPED);
        }
        return ended;
    }

    private static boolean joinBy(Thread t, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return !t.isAlive();
    }

    /** Stops the group as {@link #stop()} does; it does not say whether the threads ended in time. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Listens on a TCP port for the whole group, building each reactor's protocols with that
     * reactor's own factory (the preferred form: factories and protocols stay one-thread objects).
     *
     * <p>Design: the first reactor accepts, and hands each accepted channel to the next reactor in
     * round-robin order, through that reactor's {@code callFromThread} (Netty's boss/worker
     * split). Chosen over one {@code SO_REUSEPORT} listener per reactor because the spread is even
     * and deterministic, whatever the peers' addresses (the kernel hashes for {@code SO_REUSEPORT}),
     * it works on every JDK and system, no other process can bind the same port, and closing one
     * listener cannot reset connections queued on it. The cost is one thread hand-off per accepted
     * connection.
     *
     * <p>Each factory is made by {@code factoryOf} on its reactor's thread, and started there
     * ({@code doStart}) before any of its connections; it is stopped ({@code doStop}) there when
     * the port stops listening or the reactor shuts down.
     *
     * @param port the port, 0 for any free one
     * @param factoryOf makes the factory of one reactor, given that reactor
     * @param backlog the listen backlog
     * @param interfaceAddress a literal address, or {@code ""} for every IPv4 interface
     * @return the listening port, already accepting
     * @throws CannotListenError if the socket cannot be opened or bound
     * @throws IllegalArgumentException if an argument is out of range or not a literal address
     * @throws IllegalStateException if the group is stopping or stopped, or on a group reactor thread
     * @throws ReactorNotRunning if a reactor stopped while the port was being set up
     */
    public GroupListeningPort listenTCP(int port, Function<? super SelectorReactor, ? extends ServerFactory<?>> factoryOf,
            int backlog, String interfaceAddress) {
        Objects.requireNonNull(factoryOf, "factoryOf");
        return listen(port, factoryOf, true, backlog, interfaceAddress);
    }

    /**
     * Listens on a TCP port for the whole group with one factory shared by every reactor, as
     * {@link #listenTCP(int, Function, int, String)} does otherwise. The factory must be
     * thread-safe: its {@code buildProtocol} is called on every reactor's thread, and whatever
     * its protocols share through it is shared across threads. Its {@code doStart} and
     * {@code doStop} run once, on the first reactor's thread.
     *
     * @param port the port, 0 for any free one
     * @param factory the shared, thread-safe factory
     * @param backlog the listen backlog
     * @param interfaceAddress a literal address, or {@code ""} for every IPv4 interface
     * @return the listening port, already accepting
     * @throws CannotListenError if the socket cannot be opened or bound
     * @throws IllegalArgumentException if an argument is out of range or not a literal address
     * @throws IllegalStateException if the group is stopping or stopped, or on a group reactor thread
     * @throws ReactorNotRunning if a reactor stopped while the port was being set up
     */
    public GroupListeningPort listenTCP(int port, ServerFactory<?> factory, int backlog, String interfaceAddress) {
        Objects.requireNonNull(factory, "factory");
        return listen(port, r -> factory, false, backlog, interfaceAddress);
    }

    private GroupListeningPort listen(int port, Function<? super SelectorReactor, ? extends ServerFactory<?>> factoryOf,
            boolean perReactor, int backlog, String interfaceAddress) {
        checkNotOnGroupThread("listenTCP");
        Objects.requireNonNull(interfaceAddress, "interfaceAddress");
        State s = state.get();
        if (s != State.NEW && s != State.RUNNING) {
            throw new IllegalStateException("a reactor group must be NEW or RUNNING to listen, but it is " + s);
        }
        int n = reactors.size();
        GroupListeningPort.Stops stops = new GroupListeningPort.Stops(n);
        PortShare[] shares = stops.shares;
        String label = "group port";
        SelectorReactor acceptor = reactors.get(0);
        GroupListeningPort.HandOff handOff = new GroupListeningPort.HandOff(reactors, shares);
        TcpPort listener;
        try {
            // Shares first, so that a reactor has its share before the acceptor can hand it a channel.
            for (int i = 1; i < n; i++) {
                SelectorReactor r = reactors.get(i);
                shares[i] = onReactor(r, () -> {
                    PortShare share = new PortShare(r.tcp(), factoryOf.apply(r), perReactor, stops::shareStopped,
                            label);
                    share.start();
                    return share;
                });
            }
            listener = onReactor(acceptor, () -> {
                ServerFactory<?> factory = factoryOf.apply(acceptor);
                TcpPort p = TcpPort.listenHandingOff(acceptor.tcp(), port, factory, backlog, interfaceAddress,
                        handOff::accept);
                // After the listener, so that the acceptor's shutdown closes the socket first.
                shares[0] = new PortShare(acceptor.tcp(), factory, false, stops::shareStopped, label);
                shares[0].start();
                return p;
            });
        } catch (RuntimeException e) {
            stopShares(shares, e);
            throw e;
        }
        return new GroupListeningPort(this, listener, stops);
    }

    /** Stops the shares made before listening failed with {@code failure}, on their threads. */
    private void stopShares(PortShare[] shares, RuntimeException failure) {
        for (int i = 1; i < shares.length; i++) {
            PortShare share = shares[i];
            if (share == null) {
                continue;
            }
            try {
                onReactor(reactors.get(i), () -> {
                    share.stop();
                    return null;
                });
            } catch (RuntimeException stopError) {
                failure.addSuppressed(stopError);
            }
        }
    }

    /** Runs {@code f} on the reactor's thread (directly while the group is NEW) and returns its result. */
    private <T> T onReactor(SelectorReactor r, Callable<T> f) {
        try {
            if (state.get() == State.NEW) {
                return f.call();
            }
            return r.blockingCallFromThread(f);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Only a checked exception of blockingCallFromThread itself (interruption): f throws none.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ReactorNotRunning("interrupted while setting up " + r + ": " + e);
        }
    }

    /**
     * Returns the reactor of the group whose thread is calling: a protocol or timed call running
     * on the group finds its reactor this way (for {@code callLater}, say).
     *
     * @return the reactor, or empty when called on a thread that runs none of the group's reactors
     */
    public Optional<SelectorReactor> currentReactor() {
        return Optional.ofNullable(reactorOfCurrentThread());
    }

    /** The group reactor whose thread is calling, or null on any other thread. */
    SelectorReactor reactorOfCurrentThread() {
        Thread current = Thread.currentThread();
        List<Thread> all = threads;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == current) {
                return reactors.get(i);
            }
        }
        return null;
    }

    private void checkNotOnGroupThread(String operation) {
        if (reactorOfCurrentThread() != null) {
            throw new IllegalStateException(operation + " waits for the group's reactors, so it cannot be called on "
                    + Thread.currentThread().getName() + "; call it from another thread");
        }
    }

    @Override
    public String toString() {
        return "<ReactorGroup #" + id + " of " + reactors.size() + " " + state.get() + ">";
    }
}
