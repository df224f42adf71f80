package io.torsion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.torsion.defer.Deferred;
import io.torsion.internet.Protocol;
import io.torsion.internet.Reactor;
import io.torsion.internet.SelectorReactor;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.TestChannels;
import io.torsion.task.Clock;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link TorsionExtension}: runs small fixture classes with EngineTestKit and checks which of their
 * tests failed, and with what. The fixtures run their leaky test first and a clean one after it, so
 * that each check proves the leaky test is blamed and the next one is not.
 */
@Timeout(120)
class TorsionExtensionTest {
    private static final Duration RUN = Duration.ofSeconds(30);

    /** A Runnable whose name shows in the listing of leftover calls. */
    private static Runnable named(String name) {
        return new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Runs a fixture class and returns each test method's result, in the order they finished. */
    private static Map<String, TestExecutionResult> run(Class<?> fixture) {
        Map<String, TestExecutionResult> results = new LinkedHashMap<>();
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.ENABLED, "true")
                .selectors(selectClass(fixture))
                .execute()
                .testEvents()
                .finished()
                .stream()
                .forEach(event -> results.put(methodName(event), event.getRequiredPayload(TestExecutionResult.class)));
        return results;
    }

    private static String methodName(Event event) {
        return event.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getMethodName())
                .orElse(event.getTestDescriptor().getDisplayName());
    }

    private static DirtyReactorError dirty(TestExecutionResult result) {
        assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), "expected a failed test: " + result);
        return assertInstanceOf(DirtyReactorError.class, result.getThrowable().orElseThrow());
    }

    private static void assertPassed(TestExecutionResult result) {
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, result.getStatus(),
                () -> "expected a passed test, got " + result.getThrowable().map(Throwable::toString).orElse("?"));
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), () -> "expected <" + expected + "> in:\n" + actual);
    }

    // ------------------------------------------------------------------ delayed calls

    @Fixture
    @TorsionTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesCallsBehind {
        @Test
        @Order(1)
        void leavesACallOnTheReactor(SelectorReactor reactor) {
            reactor.callLater(10, named("tick on the reactor"));
        }

        @Test
        @Order(2)
        void leavesACallOnTheClock(Clock clock) {
            clock.callLater(5, named("tick on the clock"));
            clock.callLater(1, named("earlier tick on the clock"));
            clock.advance(0.5);
        }

        @Test
        @Order(3)
        void runsTheReactorAndLeavesACall(SelectorReactor reactor) {
            reactor.callLater(3600, named("an hour later"));
            reactor.callLater(0, reactor::stop);
            ReactorAssertions.runUntilStopped(reactor, RUN);
        }

        @Test
        @Order(4)
        void cleansUp(SelectorReactor reactor, Clock clock) {
            reactor.callLater(10, named("cancelled")).cancel();
            clock.callLater(1, named("run"));
            clock.advance(1);
        }
    }

    @Test
    void pendingDelayedCallsFailTheTestThatLeftThem() {
        Map<String, TestExecutionResult> results = run(LeavesCallsBehind.class);

        DirtyReactorError onReactor = dirty(results.get("leavesACallOnTheReactor"));
        assertContains("leavesACallOnTheReactor(SelectorReactor) left work behind", onReactor.getMessage());
        assertContains("1 pending delayed call(s) on the reactor, now cancelled:", onReactor.getMessage());
        assertContains("tick on the reactor", onReactor.getMessage());
        assertEquals(1, onReactor.delayedCalls().size());

        DirtyReactorError onClock = dirty(results.get("leavesACallOnTheClock"));
        assertContains("2 pending delayed call(s) on the Clock", onClock.getMessage());
        String message = onClock.getMessage();
        assertTrue(message.indexOf("earlier tick on the clock") < message.indexOf("PENDING tick on the clock"),
                "listed by due time:\n" + message);

        assertContains("an hour later", dirty(results.get("runsTheReactorAndLeavesACall")).getMessage());
        assertPassed(results.get("cleansUp"));
    }

    // ------------------------------------------------------------------ unhandled failures

    @Fixture
    @TorsionTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesFailuresBehind {
        @Test
        @Order(1)
        void leavesAnUnhandledFailure() {
            Deferred.fail(new IOException("left unhandled"));
        }

        @Test
        @Order(2)
        void collectsGarbageAfterTheLeakyTest() {
            // trial would fail this test, if the collector reported the previous test's Deferred now.
            System.gc();
        }

        @Test
        @Order(3)
        void handlesItsFailure() {
            Deferred.<String>fail(new IOException("handled")).addErrback(f -> "recovered");
        }

        @Test
        @Order(4)
        void failsInTheReactorAndLeavesItUnhandled(SelectorReactor reactor) {
            Deferred<Void> d = new Deferred<>();
            reactor.callLater(0, () -> {
                Deferred<String> inner = reactor.deferToThread(() -> {
                    throw new IllegalStateException("failed in the pool");
                });
                inner.addBoth(r -> {
                    d.callback(null);
                    return r;
                });
            });
            ReactorAssertions.runUntilFired(reactor, d, RUN);
        }

        @Test
        @Order(5)
        void consumesAFailureWithTheAssertion(SelectorReactor reactor) {
            Deferred<String> d = reactor.deferToThread(() -> {
                throw new IOException("expected");
            });
            ReactorAssertions.runUntilFailed(reactor, d, RUN, IOException.class);
        }
    }

    @Test
    void anUnhandledFailureFailsTheTestThatLeftIt() {
        Map<String, TestExecutionResult> results = run(LeavesFailuresBehind.class);

        DirtyReactorError error = dirty(results.get("leavesAnUnhandledFailure"));
        assertContains("1 unhandled failure(s) in Deferreds:\n    java.io.IOException: left unhandled\n    \tat ",
                error.getMessage());
        assertContains("TorsionExtensionTest$LeavesFailuresBehind.leavesAnUnhandledFailure(TorsionExtensionTest.java:",
                error.getMessage());
        assertEquals("left unhandled", error.unhandledFailures().get(0).value().getMessage());
        assertEquals("left unhandled", error.getSuppressed()[0].getMessage());

        assertPassed(results.get("collectsGarbageAfterTheLeakyTest"));
        assertPassed(results.get("handlesItsFailure"));
        DirtyReactorError inPool = dirty(results.get("failsInTheReactorAndLeavesItUnhandled"));
        assertContains("java.lang.IllegalStateException: failed in the pool", inPool.getMessage());
        assertPassed(results.get("consumesAFailureWithTheAssertion"));
    }

    // ------------------------------------------------------------------ channels

    @Fixture
    @TorsionTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesChannelsOpen {
        static final List<Pipe> PIPES = new ArrayList<>();

        static Pipe pipe() throws IOException {
            Pipe pipe = Pipe.open();
            PIPES.add(pipe);
            return pipe;
        }

        @Test
        @Order(1)
        void registersAChannelAndLeavesItOpen(SelectorReactor reactor) throws IOException {
            TestChannels.registerIdle(reactor, pipe().source());
        }

        @Test
        @Order(2)
        void runsTheReactorAndLeavesAChannelOpen(SelectorReactor reactor) throws IOException {
            TestChannels.registerIdle(reactor, pipe().source());
            reactor.callLater(0, reactor::stop);
            ReactorAssertions.runUntilStopped(reactor, RUN);
        }

        @Test
        @Order(3)
        void closesItsChannel(SelectorReactor reactor) throws IOException {
            Pipe pipe = pipe();
            TestChannels.registerIdle(reactor, pipe.source());
            reactor.callLater(0, () -> {
                try {
                    pipe.source().close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                reactor.stop();
            });
            ReactorAssertions.runUntilStopped(reactor, RUN);
        }

        @Test
        @Order(4)
        void listensOnTcpAndNeverRunsTheReactor(SelectorReactor reactor) {
            reactor.listenTCP(0, ServerFactory.forProtocol(Idle::new), "127.0.0.1");
        }

        @Test
        @Order(5)
        void listensOnTcpAndStopsTheReactorWhichClosesThePort(SelectorReactor reactor) {
            reactor.listenTCP(0, ServerFactory.forProtocol(Idle::new), "127.0.0.1");
            reactor.callLater(0, reactor::stop);
            ReactorAssertions.runUntilStopped(reactor, RUN);
        }

        static final class Idle extends Protocol {
        }
    }

    @Test
    void anOpenChannelFailsTheTestThatLeftItAndIsClosed() throws IOException {
        LeavesChannelsOpen.PIPES.clear();
        Map<String, TestExecutionResult> results = run(LeavesChannelsOpen.class);
        try {
            DirtyReactorError notRun = dirty(results.get("registersAChannelAndLeavesItOpen"));
            assertContains("1 open channel(s) on the reactor, now closed:", notRun.getMessage());
            assertSame(LeavesChannelsOpen.PIPES.get(0).source(), notRun.channels().get(0));
            DirtyReactorError afterRun = dirty(results.get("runsTheReactorAndLeavesAChannelOpen"));
            assertSame(LeavesChannelsOpen.PIPES.get(1).source(), afterRun.channels().get(0));
            assertPassed(results.get("closesItsChannel"));
            DirtyReactorError port = dirty(results.get("listensOnTcpAndNeverRunsTheReactor"));
            ServerSocketChannel listening = assertInstanceOf(ServerSocketChannel.class, port.channels().get(0));
            assertFalse(listening.isOpen(), "closed by the extension");
            assertPassed(results.get("listensOnTcpAndStopsTheReactorWhichClosesThePort"));
            for (Pipe pipe : LeavesChannelsOpen.PIPES) {
                assertFalse(pipe.source().isOpen(), "closed by the extension or the test");
            }
        } finally {
            for (Pipe pipe : LeavesChannelsOpen.PIPES) {
                pipe.sink().close();
                pipe.source().close();
            }
        }
    }

    // ------------------------------------------------------------------ a reactor left running

    @Fixture
    @TorsionTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeavesTheReactorRunning {
        static Thread thread;

        @Test
        @Order(1)
        void startsTheReactorOnAnotherThread(SelectorReactor reactor) throws InterruptedException {
            CountDownLatch running = new CountDownLatch(1);
            reactor.callWhenRunning(running::countDown);
            thread = new Thread(reactor::run, "left-running");
            thread.setDaemon(true);
            thread.start();
            assertTrue(running.await(30, TimeUnit.SECONDS));
        }

        @Test
        @Order(2)
        void runsNothing(SelectorReactor reactor) {
            assertFalse(reactor.isRunning());
        }
    }

    @Test
    void aReactorLeftRunningFailsTheTestAndIsStopped() throws InterruptedException {
        Map<String, TestExecutionResult> results = run(LeavesTheReactorRunning.class);
        assertContains("the reactor was still running on another thread; it has been stopped",
                dirty(results.get("startsTheReactorOnAnotherThread")).getMessage());
        assertPassed(results.get("runsNothing"));
        LeavesTheReactorRunning.thread.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(LeavesTheReactorRunning.thread.isAlive());
    }

    // ------------------------------------------------------------------ a test that fails anyway

    @Fixture
    @TorsionTest
    static class FailsAndLeavesACall {
        @Test
        void failsItself(Clock clock) {
            clock.callLater(1, named("never run"));
            throw new AssertionError("the test's own failure");
        }
    }

    @Test
    void theLeftoversOfAFailedTestAreAddedToItsFailure() {
        TestExecutionResult result = run(FailsAndLeavesACall.class).get("failsItself");
        Throwable thrown = result.getThrowable().orElseThrow();
        assertEquals("the test's own failure", thrown.getMessage());
        assertContains("never run", assertInstanceOf(DirtyReactorError.class, thrown.getSuppressed()[0]).getMessage());
    }

    // ------------------------------------------------------------------ parameters

    @Fixture
    @TorsionTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Parameters {
        static final List<Object> SEEN = new ArrayList<>();
        private SelectorReactor fromBeforeEach;
        private Clock clockFromBeforeEach;

        @BeforeEach
        void setUp(SelectorReactor reactor, Clock clock) {
            fromBeforeEach = reactor;
            clockFromBeforeEach = clock;
        }

        @Test
        @Order(1)
        void sameInstancesWithinATest(SelectorReactor reactor, Reactor asInterface, Clock clock) {
            assertSame(fromBeforeEach, reactor);
            assertSame(reactor, asInterface);
            assertSame(clockFromBeforeEach, clock);
            assertTrue(reactor.options().watchdogEnabled(), "the watchdog is on in the extension");
            SEEN.add(reactor);
            SEEN.add(clock);
        }

        @Test
        @Order(2)
        void freshInstancesForTheNextTest(SelectorReactor reactor, Clock clock) {
            SEEN.add(reactor);
            SEEN.add(clock);
        }
    }

    @Fixture
    @TorsionTest
    static class AsksInTheConstructor {
        AsksInTheConstructor(Clock clock) {
        }

        @Test
        void neverRuns() {
        }
    }

    @Test
    void eachTestGetsItsOwnReactorAndClock() {
        Parameters.SEEN.clear();
        Map<String, TestExecutionResult> results = run(Parameters.class);
        assertPassed(results.get("sameInstancesWithinATest"));
        assertPassed(results.get("freshInstancesForTheNextTest"));
        assertEquals(4, Parameters.SEEN.size());
        assertNotSame(Parameters.SEEN.get(0), Parameters.SEEN.get(2));
        assertNotSame(Parameters.SEEN.get(1), Parameters.SEEN.get(3));
    }

    @Test
    void aConstructorParameterIsRefusedWithAnExplanation() {
        TestExecutionResult result = run(AsksInTheConstructor.class).get("neverRuns");
        assertEquals(TestExecutionResult.Status.FAILED, result.getStatus());
        Throwable error = result.getThrowable().orElseThrow();
        assertInstanceOf(ParameterResolutionException.class, error);
        assertContains("belongs to one test", error.getMessage());
    }

    // ------------------------------------------------------------------ fixtures stay out of the suite

    @Test
    void fixturesAreDisabledOutsideTheTestKit() {
        List<Event> skipped = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(LeavesCallsBehind.class))
                .execute()
                .containerEvents()
                .skipped()
                .list();
        assertEquals(1, skipped.size());
        assertContains("a fixture for EngineTestKit", skipped.get(0).getRequiredPayload(String.class));
    }
}
