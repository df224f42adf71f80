package io.torsion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.ReactorNotRestartable;
import io.torsion.internet.SelectorReactor;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ReactorAssertions}, on the reactors {@link TorsionExtension} gives each test. */
@Timeout(120)
@TorsionTest
class ReactorAssertionsTest {
    private static final Duration RUN = Duration.ofSeconds(30);
    /** For the tests that must time out: short, since they wait for it in real time. */
    private static final Duration SHORT = Duration.ofMillis(50);

    @Test
    void runUntilFiredReturnsTheResultAndStopsTheReactor(SelectorReactor reactor) {
        Deferred<String> d = reactor.deferToThread(() -> "from the pool");
        assertEquals("from the pool", ReactorAssertions.runUntilFired(reactor, d, RUN));
        assertFalse(reactor.isRunning());
        assertThrows(ReactorNotRestartable.class, reactor::run);
    }

    @Test
    void runUntilFiredRunsOneTurnForADeferredThatHasFired(SelectorReactor reactor) {
        boolean[] ran = {false};
        reactor.callWhenRunning(() -> ran[0] = true);
        assertEquals("now", ReactorAssertions.runUntilFired(reactor, Deferred.succeed("now"), RUN));
        assertTrue(ran[0]);
    }

    @Test
    void runUntilFiredFailsWithTheFailureAsCause(SelectorReactor reactor) {
        Deferred<String> d = reactor.deferToThread(() -> {
            throw new IOException("disk gone");
        });
        AssertionError error = assertThrows(AssertionError.class, () -> ReactorAssertions.runUntilFired(reactor, d, RUN));
        assertTrue(error.getMessage().contains("found failure result instead: java.io.IOException: disk gone"),
                error.getMessage());
        assertEquals("disk gone", error.getCause().getMessage());
    }

    @Test
    void runUntilFiredFailsAfterTheTimeout(SelectorReactor reactor) {
        Deferred<String> never = new Deferred<>();
        AssertionError error = assertThrows(AssertionError.class,
                () -> ReactorAssertions.runUntilFired(reactor, never, SHORT));
        assertTrue(error.getMessage().contains("did not fire within PT0.05S; the reactor has been stopped"),
                error.getMessage());
        assertFalse(reactor.isRunning());
    }

    @Test
    void runUntilFiredFailsWhenTheReactorStopsFirst(SelectorReactor reactor) {
        reactor.callWhenRunning(reactor::stop);
        AssertionError error = assertThrows(AssertionError.class,
                () -> ReactorAssertions.runUntilFired(reactor, new Deferred<>(), RUN));
        assertTrue(error.getMessage().startsWith("The reactor stopped before"), error.getMessage());
    }

    @Test
    void runUntilFailedReturnsTheFailureOfTheExpectedType(SelectorReactor reactor) {
        Deferred<String> d = reactor.deferToThread(() -> {
            throw new IOException("disk gone");
        });
        Failure failure = ReactorAssertions.runUntilFailed(reactor, d, RUN, IOException.class);
        assertEquals("disk gone", failure.value().getMessage());
    }

    @Test
    void runUntilFailedRejectsAnotherType(SelectorReactor reactor) {
        Deferred<String> d = reactor.deferToThread(() -> {
            throw new IOException("disk gone");
        });
        AssertionError error = assertThrows(AssertionError.class,
                () -> ReactorAssertions.runUntilFailed(reactor, d, RUN, IllegalStateException.class));
        assertTrue(error.getMessage().contains("found type java.io.IOException"), error.getMessage());
    }

    @Test
    void runUntilFailedRejectsASuccess(SelectorReactor reactor) {
        AssertionError error = assertThrows(AssertionError.class,
                () -> ReactorAssertions.runUntilFailed(reactor, Deferred.succeed("fine"), RUN));
        assertTrue(error.getMessage().contains("found success result (fine) instead"), error.getMessage());
    }

    @Test
    void runUntilStoppedReturnsWhenTheTestStopsTheReactor(SelectorReactor reactor) {
        reactor.callLater(0.01, reactor::stop);
        ReactorAssertions.runUntilStopped(reactor, RUN);
        assertFalse(reactor.isRunning());
    }

    @Test
    void runUntilStoppedFailsAfterTheTimeout(SelectorReactor reactor) {
        AssertionError error = assertThrows(AssertionError.class,
                () -> ReactorAssertions.runUntilStopped(reactor, SHORT));
        assertEquals("The reactor was still running after PT0.05S; it has been stopped", error.getMessage());
    }
}
