package io.torsion.defer;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the threads that coroutine bodies run on: virtual threads when the running JDK has them
 * (21 and later), daemon platform threads otherwise.
 *
 * <p>The code is compiled for Java 17, where {@code Thread.ofVirtual()} does not exist, so the
 * virtual-thread factory is obtained once, through the public {@code Thread.Builder} API by
 * reflection. JDK 19 and 20 have that API only as a preview (it throws unless preview features
 * are enabled), so those count as "no virtual threads".
 *
 * <p>Threading: any thread; the factories are thread-safe.
 */
final class BodyThreads {
    /** The kind of thread a body runs on. */
    enum Kind { PLATFORM, VIRTUAL }

    private static final String NAME_PREFIX = "torsion-coroutine-";
    private static final AtomicLong PLATFORM_COUNT = new AtomicLong();
    /** The JDK's virtual-thread factory, or null when this JDK has none. */
    private static final ThreadFactory VIRTUAL = virtualThreadFactory();

    private BodyThreads() {
    }

    /** Tells whether this JDK can run bodies on virtual threads. */
    static boolean virtualAvailable() {
        return VIRTUAL != null;
    }

    /** The kind {@link Coroutine#start} uses: virtual when available. */
    static Kind defaultKind() {
        return VIRTUAL != null ? Kind.VIRTUAL : Kind.PLATFORM;
    }

    /**
     * Returns a new, unstarted thread of the given kind that runs {@code task}.
     *
     * @throws IllegalStateException if {@code kind} is VIRTUAL and this JDK has no virtual threads
     */
    static Thread newThread(Kind kind, Runnable task) {
        if (kind == Kind.VIRTUAL) {
            if (VIRTUAL == null) {
                throw new IllegalStateException("this JDK (" + Runtime.version() + ") has no virtual threads");
            }
            return VIRTUAL.newThread(task);
        }
        // Daemon: a body stuck on a Deferred that never fires must not keep the JVM alive.
        Thread t = new Thread(task, NAME_PREFIX + PLATFORM_COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private static ThreadFactory virtualThreadFactory() {
        if (Runtime.version().feature() < 21) {
            return null;
        }
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Method name = builder.getMethod("name", String.class, long.class);
            Method factory = builder.getMethod("factory");
            Object named = name.invoke(ofVirtual.invoke(null), NAME_PREFIX + "v", 1L);
            return (ThreadFactory) factory.invoke(named);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A JDK 21+ without the public API (none is known): platform threads still work.
            return null;
        }
    }
}
