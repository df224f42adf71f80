package io.torsion.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads for benchmarks compiled for Java 17: reached by reflection on their public API
 * ({@code Thread.ofVirtual()}, {@code Executors.newVirtualThreadPerTaskExecutor()}), so they work on
 * JDK 21+ and fail clearly on older ones.
 *
 * <p>Threading: any thread.
 */
final class VirtualThreads {
    private VirtualThreads() {
    }

    /** A factory of virtual threads named {@code prefix0}, {@code prefix1}, … */
    static ThreadFactory factory(String prefix) throws ReflectiveOperationException {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object ofVirtual = Thread.class.getMethod("ofVirtual").invoke(null);
            Object named = builder.getMethod("name", String.class, long.class).invoke(ofVirtual, prefix, 0L);
            return (ThreadFactory) builder.getMethod("factory").invoke(named);
        } catch (NoSuchMethodException | ClassNotFoundException e) {
            throw unsupported(e);
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    static ExecutorService perTaskExecutor() throws ReflectiveOperationException {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            throw unsupported(e);
        }
    }

    private static UnsupportedOperationException unsupported(ReflectiveOperationException e) {
        return new UnsupportedOperationException("virtual threads need JDK 21 or later; this is "
                + System.getProperty("java.version"), e);
    }
}
