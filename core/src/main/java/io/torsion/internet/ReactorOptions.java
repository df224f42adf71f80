package io.torsion.internet;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link SelectorReactor}, each with a named default: start from
 * {@link #defaults()} and change what you need.
 * <pre>{@code
 * SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults()
 *         .withSignalHandlers(true)
 *         .withWatchdogThreshold(Duration.ofMillis(500)));
 * }</pre>
 *
 * <p>Threading: immutable.
 */
public final class ReactorOptions {
    /** How long a handler may hold the reactor thread before the watchdog warns. */
    public static final Duration DEFAULT_WATCHDOG_THRESHOLD = Duration.ofSeconds(2);
    /** The maximum number of threads of the reactor's pool, as Twisted's. */
    public static final int DEFAULT_THREAD_POOL_SIZE = 10;
    /** How long shutdown waits for the pool's running work to finish. */
    public static final Duration DEFAULT_THREAD_POOL_JOIN_TIMEOUT = Duration.ofSeconds(5);
    /** How long a signal (shutdown hook) waits for the reactor to shut down. */
    public static final Duration DEFAULT_SHUTDOWN_HOOK_TIMEOUT = Duration.ofSeconds(15);
    /**
     * The system property that switches the watchdog on for {@link #defaults()}: {@code true} for
     * the default threshold, or a threshold in milliseconds.
     */
    public static final String WATCHDOG_PROPERTY = "torsion.watchdog";

    private final boolean signalHandlers;
    private final Duration watchdogThreshold;
    private final boolean watchdog;
    private final int threadPoolSize;
    private final Duration threadPoolJoinTimeout;
    private final Duration shutdownHookTimeout;
    private final System.Logger logger;

    private ReactorOptions(boolean signalHandlers, boolean watchdog, Duration watchdogThreshold,
            int threadPoolSize, Duration threadPoolJoinTimeout, Duration shutdownHookTimeout,
            System.Logger logger) {
        this.signalHandlers = signalHandlers;
        this.watchdog = watchdog;
        this.watchdogThreshold = watchdogThreshold;
        this.threadPoolSize = threadPoolSize;
        this.threadPoolJoinTimeout = threadPoolJoinTimeout;
        this.shutdownHookTimeout = shutdownHookTimeout;
        this.logger = logger;
    }

    /**
     * Returns the defaults: no signal handling, watchdog off unless the system property
     * {@value #WATCHDOG_PROPERTY} switches it on, a pool of {@value #DEFAULT_THREAD_POOL_SIZE}
     * threads, and the logger named {@code io.torsion.internet.SelectorReactor}.
     *
     * @return the default options
     * @throws IllegalArgumentException if the system property is neither a boolean nor a positive
     *     number of milliseconds
     */
    public static ReactorOptions defaults() {
        boolean watchdog = false;
        Duration threshold = DEFAULT_WATCHDOG_THRESHOLD;
        String property = System.getProperty(WATCHDOG_PROPERTY);
        if (property != null && !property.isBlank()) {
            String value = property.trim();
            if (value.equalsIgnoreCase("true")) {
                watchdog = true;
            } else if (!value.equalsIgnoreCase("false")) {
                try {
                    threshold = positive(Duration.ofMillis(Long.parseLong(value)), WATCHDOG_PROPERTY);
                    watchdog = true;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(WATCHDOG_PROPERTY
                            + " must be true, false or a threshold in milliseconds, got " + value, e);
                }
            }
        }
        return new ReactorOptions(false, watchdog, threshold, DEFAULT_THREAD_POOL_SIZE,
                DEFAULT_THREAD_POOL_JOIN_TIMEOUT, DEFAULT_SHUTDOWN_HOOK_TIMEOUT,
                System.getLogger(SelectorReactor.class.getName()));
    }

    /**
     * Returns these options with SIGINT/SIGTERM handling on or off. When on, {@code run()} installs
     * a JVM shutdown hook that stops the reactor cleanly (its shutdown triggers run) when the
     * process is interrupted, terminated or calls {@link System#exit}, and waits for it up to
     * {@link #shutdownHookTimeout()}. {@link SelectorReactor#getDefault()} has it on.
     *
     * @param on whether to install the hook
     * @return the new options
     */
    public ReactorOptions withSignalHandlers(boolean on) {
        return new ReactorOptions(on, watchdog, watchdogThreshold, threadPoolSize,
                threadPoolJoinTimeout, shutdownHookTimeout, logger);
    }

    /**
     * Returns these options with the blocked-loop watchdog on or off. When on, a handler that
     * holds the reactor thread longer than {@link #watchdogThreshold()} is logged as a warning with
     * the reactor thread's stack.
     *
     * @param on whether to watch
     * @return the new options
     */
    public ReactorOptions withWatchdog(boolean on) {
        return new ReactorOptions(signalHandlers, on, watchdogThreshold, threadPoolSize,
                threadPoolJoinTimeout, shutdownHookTimeout, logger);
    }

    /**
     * Returns these options with the watchdog on and warning after {@code threshold}.
     *
     * @param threshold how long one handler may hold the reactor thread
     * @return the new options
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public ReactorOptions withWatchdogThreshold(Duration threshold) {
        return new ReactorOptions(signalHandlers, true, positive(threshold, "threshold"),
                threadPoolSize, threadPoolJoinTimeout, shutdownHookTimeout, logger);
    }

    /**
     * Returns these options with another initial maximum size of the thread pool (see
     * {@link ReactorThreads#suggestThreadPoolSize}).
     *
     * @param size the maximum number of threads
     * @return the new options
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public ReactorOptions withThreadPoolSize(int size) {
        return new ReactorOptions(signalHandlers, watchdog, watchdogThreshold, checkPoolSize(size),
                threadPoolJoinTimeout, shutdownHookTimeout, logger);
    }

    /**
     * Returns these options with another bound on how long shutdown waits for the thread pool's
     * running and queued work.
     *
     * @param timeout the bound
     * @return the new options
     * @throws IllegalArgumentException if the timeout is negative
     */
    public ReactorOptions withThreadPoolJoinTimeout(Duration timeout) {
        return new ReactorOptions(signalHandlers, watchdog, watchdogThreshold, threadPoolSize,
                notNegative(timeout, "timeout"), shutdownHookTimeout, logger);
    }

    /**
     * Returns these options with another bound on how long the shutdown hook waits for the reactor
     * to shut down before it lets the JVM exit anyway.
     *
     * @param timeout the bound
     * @return the new options
     * @throws IllegalArgumentException if the timeout is negative
     */
    public ReactorOptions withShutdownHookTimeout(Duration timeout) {
        return new ReactorOptions(signalHandlers, watchdog, watchdogThreshold, threadPoolSize,
                threadPoolJoinTimeout, notNegative(timeout, "timeout"), logger);
    }

    /**
     * Returns these options with another logger for errors in handlers, watchdog warnings and
     * lifecycle messages.
     *
     * @param logger the logger
     * @return the new options
     */
    public ReactorOptions withLogger(System.Logger logger) {
        return new ReactorOptions(signalHandlers, watchdog, watchdogThreshold, threadPoolSize,
                threadPoolJoinTimeout, shutdownHookTimeout, Objects.requireNonNull(logger, "logger"));
    }

    /**
     * Tells whether {@code run()} installs the shutdown hook for SIGINT/SIGTERM.
     *
     * @return whether signals stop the reactor
     */
    public boolean installsSignalHandlers() {
        return signalHandlers;
    }

    /**
     * Tells whether the blocked-loop watchdog is on.
     *
     * @return whether it watches
     */
    public boolean watchdogEnabled() {
        return watchdog;
    }

    /**
     * Returns how long one handler may hold the reactor thread before the watchdog warns.
     *
     * @return the threshold, meaningful when the watchdog is on
     */
    public Duration watchdogThreshold() {
        return watchdogThreshold;
    }

    /**
     * Returns the initial maximum size of the thread pool.
     *
     * @return the number of threads
     */
    public int threadPoolSize() {
        return threadPoolSize;
    }

    /**
     * Returns how long shutdown waits for the thread pool.
     *
     * @return the bound
     */
    public Duration threadPoolJoinTimeout() {
        return threadPoolJoinTimeout;
    }

    /**
     * Returns how long the shutdown hook waits for the reactor.
     *
     * @return the bound
     */
    public Duration shutdownHookTimeout() {
        return shutdownHookTimeout;
    }

    /**
     * Returns the logger.
     *
     * @return the logger
     */
    public System.Logger logger() {
        return logger;
    }

    static int checkPoolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a thread pool needs at least 1 thread, got " + size);
        }
        return size;
    }

    private static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    private static Duration notNegative(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ReactorOptions[signalHandlers=" + signalHandlers + ", watchdog="
                + (watchdog ? watchdogThreshold : "off") + ", threadPoolSize=" + threadPoolSize
                + ", threadPoolJoinTimeout=" + threadPoolJoinTimeout + ", shutdownHookTimeout="
                + shutdownHookTimeout + "]";
    }
}
