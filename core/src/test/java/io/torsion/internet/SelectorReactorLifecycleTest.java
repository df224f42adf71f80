package io.torsion.internet;

import static io.torsion.internet.ReactorCore.Phase.AFTER;
import static io.torsion.internet.ReactorCore.Phase.BEFORE;
import static io.torsion.internet.ReactorCore.Phase.DURING;
import static io.torsion.internet.ReactorCore.SystemEvent.SHUTDOWN;
import static io.torsion.internet.ReactorCore.SystemEvent.STARTUP;
import static io.torsion.internet.ReactorRunner.runReactor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lifecycle of the real reactor: run, stop, system event triggers (Twisted's test_core). */
@Timeout(120)
class SelectorReactorLifecycleTest {
    private final RecordingLogger log = new RecordingLogger();

    private SelectorReactor newReactor() {
        return new SelectorReactor(ReactorOptions.defaults().withLogger(log));
    }

    @Test
    void stopWhenNotStartedRaisesNotRunning() {
        SelectorReactor reactor = newReactor();
        assertThrows(ReactorNotRunning.class, reactor::stop);
        assertFalse(reactor.isRunning());
    }

    @Test
    void stopWhenAlreadyStoppedRaisesNotRunning() {
        SelectorReactor reactor = newReactor();
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertThrows(ReactorNotRunning.class, reactor::stop);
    }

    @Test
    void callWhenRunningCallsRunInOrderAndAtOnceWhenRunning() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(() -> events.add("first"));
        reactor.callWhenRunning(() -> events.add("second"));
        reactor.callWhenRunning(() -> {
            reactor.callWhenRunning(() -> events.add("nested, at once"));
            events.add("third");
            reactor.stop();
        });
        runReactor(reactor);
        assertEquals(List.of("first", "second", "nested, at once", "third"), events);
    }

    @Test
    void runningForStartupEvents() {
        SelectorReactor reactor = newReactor();
        Map<String, Boolean> state = new TreeMap<>();
        reactor.addSystemEventTrigger(BEFORE, STARTUP, () -> state.put("before", reactor.isRunning()));
        reactor.addSystemEventTrigger(DURING, STARTUP, () -> state.put("during", reactor.isRunning()));
        reactor.addSystemEventTrigger(AFTER, STARTUP, () -> state.put("after", reactor.isRunning()));
        reactor.callWhenRunning(reactor::stop);
        assertTrue(state.isEmpty());
        runReactor(reactor);
        assertEquals(Map.of("before", false, "during", true, "after", true), state);
    }

    @Test
    void runningForShutdownEvents() {
        SelectorReactor reactor = newReactor();
        Map<String, Boolean> state = new TreeMap<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> state.put("before", reactor.isRunning()));
        reactor.addSystemEventTrigger(DURING, SHUTDOWN, () -> state.put("during", reactor.isRunning()));
        reactor.addSystemEventTrigger(AFTER, SHUTDOWN, () -> state.put("after", reactor.isRunning()));
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertEquals(Map.of("before", true, "during", false, "after", false), state);
    }

    @Test
    void stopFiresAllThreePhasesOfShutdownBeforeRunReturns() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(AFTER, SHUTDOWN, () -> events.add("after"));
        reactor.addSystemEventTrigger(DURING, SHUTDOWN, () -> events.add("during"));
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("before"));
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("before", "during", "after"), events);
    }

    @Test
    void shutdownTriggersRunAfterStopReturns() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("before shutdown"));
        reactor.callWhenRunning(() -> {
            reactor.stop();
            events.add("stopped");
        });
        runReactor(reactor);
        assertEquals(List.of("stopped", "before shutdown"), events);
    }

    @Test
    void runWhileRunningRaisesAlreadyRunning() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(() -> {
            assertThrows(ReactorAlreadyRunning.class, reactor::run);
            events.add("tested");
        });
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("tested"), events);
    }

    @Test
    void runFromAnotherThreadWhileRunningRaisesAlreadyRunning() throws Exception {
        SelectorReactor reactor = newReactor();
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            assertThrows(ReactorAlreadyRunning.class, reactor::run);
            runner.stopAndJoin();
        }
    }

    @Test
    void runAfterStopRaisesNotRestartable() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.callWhenRunning(reactor::stop);
        reactor.addSystemEventTrigger(AFTER, SHUTDOWN, () -> {
            assertThrows(ReactorNotRestartable.class, reactor::run);
            events.add("tested");
        });
        runReactor(reactor);
        assertEquals(List.of("tested"), events);
        assertThrows(ReactorNotRestartable.class, reactor::run);
    }

    @Test
    void asynchronousBeforeStartupTriggerDelaysRunning() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(BEFORE, STARTUP, () -> {
            events.add("trigger");
            Deferred<Void> d = new Deferred<>();
            reactor.callLater(0, () -> {
                events.add("fired, running=" + reactor.isRunning());
                d.callback(null);
            });
            return d;
        });
        reactor.callWhenRunning(() -> {
            events.add("running");
            reactor.stop();
        });
        runReactor(reactor);
        assertEquals(List.of("trigger", "fired, running=false", "running"), events);
    }

    @Test
    void beforeShutdownDeferredDelaysShutdownWhileTheLoopKeepsRunning() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> {
            events.add("before");
            Deferred<String> d = new Deferred<>();
            // The loop still runs timed calls while shutdown waits.
            reactor.callLater(0.05, () -> {
                events.add("timer during shutdown, running=" + reactor.isRunning());
                d.callback("done");
            });
            return d;
        });
        reactor.addSystemEventTrigger(DURING, SHUTDOWN, () -> events.add("during"));
        reactor.callWhenRunning(reactor::stop);
        long start = System.nanoTime();
        runReactor(reactor);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "shutdown did not wait");
        assertEquals(List.of("before", "timer during shutdown, running=true", "during"), events);
    }

    @Test
    void stopDuringShutdownRaisesAndBeforeTriggersRunOnce() throws Exception {
        SelectorReactor reactor = newReactor();
        AtomicInteger beforeRuns = new AtomicInteger();
        List<String> events = new ArrayList<>();
        Deferred<Void> gate = new Deferred<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> {
            beforeRuns.incrementAndGet();
            return gate;
        });
        reactor.addSystemEventTrigger(AFTER, SHUTDOWN, () -> events.add("after"));
        reactor.callWhenRunning(() -> {
            reactor.stop();
            reactor.callLater(0.01, () -> {
                // A second stop, as a user would call it, and a signal, as the shutdown hook delivers it.
                ReactorNotRunning e = assertThrows(ReactorNotRunning.class, reactor::stop);
                events.add("second stop refused: " + e.getMessage().contains("stopping"));
                assertFalse(reactor.signalStop(), "a signal during shutdown starts nothing new");
                reactor.callLater(0.01, () -> {
                    events.add("releasing");
                    gate.callback(null);
                });
            });
        });
        runReactor(reactor);
        assertEquals(1, beforeRuns.get());
        assertEquals(List.of("second stop refused: true", "releasing", "after"), events);
    }

    @Test
    void failingTriggersAreLoggedAndTheOthersStillRun() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> {
            throw new IllegalStateException("boom in trigger");
        });
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> Deferred.fail(new IllegalArgumentException("boom in Deferred")));
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("before"));
        reactor.addSystemEventTrigger(DURING, SHUTDOWN, () -> events.add("during"));
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("before", "during"), events);
        List<RecordingLogger.Entry> errors = log.at(System.Logger.Level.ERROR);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).error() instanceof IllegalStateException);
        assertEquals("boom in Deferred", errors.get(1).error().getMessage());
    }

    @Test
    void removedTriggersDoNotRun() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        SystemEventTrigger removed = reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("removed"));
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("kept"));
        assertSame(BEFORE, removed.phase());
        assertSame(SHUTDOWN, removed.event());
        reactor.removeSystemEventTrigger(removed);
        assertThrows(IllegalArgumentException.class, () -> reactor.removeSystemEventTrigger(removed));
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("kept"), events);
    }

    @Test
    void triggersMayAddAndRemoveTriggersOfTheirOwnPhase() {
        SelectorReactor reactor = newReactor();
        List<String> events = new ArrayList<>();
        AtomicReference<SystemEventTrigger> later = new AtomicReference<>();
        reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> {
            events.add("first");
            reactor.removeSystemEventTrigger(later.get());
            reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("added while firing"));
        });
        later.set(reactor.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> events.add("removed while firing")));
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertEquals(List.of("first", "added while firing"), events);
    }

    @Test
    void removingATriggerThatRanOrBelongsElsewhereIsRefused() {
        SelectorReactor reactor = newReactor();
        SystemEventTrigger ran = reactor.addSystemEventTrigger(AFTER, STARTUP, () -> { });
        reactor.callWhenRunning(reactor::stop);
        runReactor(reactor);
        assertThrows(IllegalArgumentException.class, () -> reactor.removeSystemEventTrigger(ran));
        SelectorReactor other = newReactor();
        SystemEventTrigger foreign = other.addSystemEventTrigger(BEFORE, SHUTDOWN, () -> { });
        SelectorReactor third = newReactor();
        assertThrows(IllegalArgumentException.class, () -> third.removeSystemEventTrigger(foreign));
    }

    @Test
    void twoReactorsRunIndependentlyAtTheSameTime() throws Exception {
        SelectorReactor a = newReactor();
        SelectorReactor b = newReactor();
        try (ReactorRunner ra = ReactorRunner.start(a); ReactorRunner rb = ReactorRunner.start(b)) {
            assertTrue(a.isRunning());
            assertTrue(b.isRunning());
            ra.stopAndJoin();
            assertFalse(a.isRunning());
            assertTrue(b.isRunning());
            assertEquals("b alive", rb.call(() -> "b alive"));
            CompletableFuture<String> late = new CompletableFuture<>();
            rb.call(() -> b.callLater(0.01, () -> late.complete("timer ran")));
            assertEquals("timer ran", late.get(ReactorRunner.WAIT_SECONDS, TimeUnit.SECONDS));
            rb.stopAndJoin();
        }
        // And a third, fresh one, afterwards.
        SelectorReactor c = newReactor();
        c.callWhenRunning(c::stop);
        runReactor(c, Duration.ofSeconds(ReactorRunner.WAIT_SECONDS));
    }

    @Test
    void isReactorThreadFollowsTheRunningThread() throws Exception {
        SelectorReactor reactor = newReactor();
        assertTrue(reactor.isReactorThread(), "not running: the owner may use it");
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            assertFalse(reactor.isReactorThread());
            assertTrue(runner.call(reactor::isReactorThread));
            runner.stopAndJoin();
        }
        assertTrue(reactor.isReactorThread());
    }

    @Test
    void reactorOnlyMethodsAssertTheReactorThread() throws Exception {
        boolean assertionsOn = false;
        assert assertionsOn = true;
        org.junit.jupiter.api.Assumptions.assumeTrue(assertionsOn, "needs -ea");
        SelectorReactor reactor = newReactor();
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            AssertionError e = assertThrows(AssertionError.class, () -> reactor.callLater(1, () -> { }));
            assertTrue(e.getMessage().contains("callLater"), e.getMessage());
            assertTrue(e.getMessage().contains("callFromThread"), e.getMessage());
            assertThrows(AssertionError.class, reactor::stop);
            assertThrows(AssertionError.class, () -> ReactorThreadCheck.check(reactor, "write"));
            assertTrue(runner.call(() -> ReactorThreadCheck.check(reactor, "write")));
            runner.stopAndJoin();
        }
    }

    @Test
    void theDefaultReactorIsOneInstanceThatHandlesSignals() {
        SelectorReactor one = SelectorReactor.getDefault();
        assertNotNull(one);
        assertSame(one, SelectorReactor.getDefault());
        assertTrue(one.options().installsSignalHandlers());
    }
}
