package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Coroutine}: its public entry points, and the behaviour of {@link CoroutineContract} run
 * on platform threads, on virtual threads (when the running JDK has them: 21+), and with the
 * hand-off's spinning turned off so that every hand-off parks.
 */
class CoroutineTest {

    @Test
    void virtualThreadsAreUsedExactlyWhenTheJdkHasThem() {
        boolean jdkHasThem = Runtime.version().feature() >= 21;
        assertEquals(jdkHasThem, Coroutine.usesVirtualThreads());
        Thread[] body = new Thread[1];
        successResultOf(Coroutine.start(co -> {
            body[0] = Thread.currentThread();
            return null;
        }));
        assertEquals(jdkHasThem, isVirtual(body[0]));
        assertEquals(Coroutine.usesVirtualThreads(), BodyThreads.virtualAvailable());
    }

    @Test
    void bodyThreadsAreNamedAndPlatformOnesAreDaemons() {
        Thread[] body = new Thread[1];
        successResultOf(CoroutineRun.start(co -> {
            body[0] = Thread.currentThread();
            return null;
        }, BodyThreads.Kind.PLATFORM, Handoff.Spin.DEFAULT));
        assertEquals(true, body[0].getName().startsWith("torsion-coroutine-"), body[0].getName());
        assertEquals(true, body[0].isDaemon());
    }

    @Test
    void drivingThreadOutsideABodyIsTheCurrentThread() {
        assertSame(Thread.currentThread(), Coroutine.drivingThread());
    }

    @Test
    void startRefusesNull() {
        assertThrows(NullPointerException.class, () -> Coroutine.start(null));
    }

    @Test
    void theDefaultStartBehavesLikeTheContract() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> d = Coroutine.start(co -> co.await(a) + "!");
        a.callback("hi");
        assertEquals("hi!", successResultOf(d));
    }

    /** Whether {@code t} is a virtual thread; false on a JDK without them. */
    static boolean isVirtual(Thread t) {
        assertNotNull(t);
        try {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            return (Boolean) isVirtual.invoke(t);
        } catch (NoSuchMethodException e) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class OnPlatformThreads extends CoroutineContract {
        @Override
        <T> Deferred<T> start(CoroutineBody<T> body) {
            return CoroutineRun.start(body, BodyThreads.Kind.PLATFORM, Handoff.Spin.DEFAULT);
        }

        @Override
        BodyThreads.Kind kind() {
            return BodyThreads.Kind.PLATFORM;
        }
    }

    @Nested
    class OnPlatformThreadsWithoutSpinning extends CoroutineContract {
        @Override
        <T> Deferred<T> start(CoroutineBody<T> body) {
            return CoroutineRun.start(body, BodyThreads.Kind.PLATFORM, Handoff.Spin.NONE);
        }

        @Override
        BodyThreads.Kind kind() {
            return BodyThreads.Kind.PLATFORM;
        }
    }

    @Nested
    class OnVirtualThreads extends CoroutineContract {
        @BeforeEach
        void needsVirtualThreads() {
            assumeTrue(BodyThreads.virtualAvailable(), "this JDK has no virtual threads (21+)");
        }

        @Override
        <T> Deferred<T> start(CoroutineBody<T> body) {
            return CoroutineRun.start(body, BodyThreads.Kind.VIRTUAL, Handoff.Spin.DEFAULT);
        }

        @Override
        BodyThreads.Kind kind() {
            return BodyThreads.Kind.VIRTUAL;
        }
    }

    @Nested
    class OnVirtualThreadsWithoutSpinning extends CoroutineContract {
        @BeforeEach
        void needsVirtualThreads() {
            assumeTrue(BodyThreads.virtualAvailable(), "this JDK has no virtual threads (21+)");
        }

        @Override
        <T> Deferred<T> start(CoroutineBody<T> body) {
            return CoroutineRun.start(body, BodyThreads.Kind.VIRTUAL, Handoff.Spin.NONE);
        }

        @Override
        BodyThreads.Kind kind() {
            return BodyThreads.Kind.VIRTUAL;
        }
    }
}
