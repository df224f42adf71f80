package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.task.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Deferred#addTimeout}, following Twisted's {@code DeferredTests.test_timeout*} and
 * TWISTED-NOTES.md, driven by a fake {@link Clock}.
 */
class DeferredTimeoutTest {
    private final Clock clock = new Clock();

    @Test // test_timeoutChainable
    void addTimeoutReturnsTheSameDeferred() {
        Deferred<String> d = new Deferred<>();
        assertSame(d, d.addTimeout(10, clock));
        d.callback("x");
    }

    @Test // test_successResultBeforeTimeout: the result passes and the timeout is cancelled
    void resultBeforeTimeoutPassesAndCancelsTheCall() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(10), clock);
        clock.advance(5);
        d.callback("in time");
        assertEquals("in time", successResultOf(d));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test // test_failureBeforeTimeout
    void failureBeforeTimeoutPasses() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        d.errback(new IOException());
        failureResultOf(d, IOException.class);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test // test_timedOut
    void noResultInTimeFailsWithTimeoutError() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(10), clock);
        clock.advance(9.99);
        assertNoResult(d);
        clock.advance(0.01);
        TimeoutError e = (TimeoutError) failureResultOf(d, TimeoutError.class).value();
        assertEquals(Duration.ofSeconds(10), e.timeout());
        assertTrue(e.getMessage().contains("10.0 s"), e.getMessage());
    }

    @Test // test_timedOutCustom: onTimeoutCancel replaces the result
    void customConverterReplacesTheResult() {
        List<Object> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(10), clock, (value, timeout) -> {
            seen.add(value);
            seen.add(timeout);
            return "converted";
        });
        clock.advance(10);
        assertEquals("converted", successResultOf(d));
        assertTrue(((Failure) seen.get(0)).check(CancelledError.class));
        assertEquals(Duration.ofSeconds(10), seen.get(1));
    }

    @Test // test_timedOutProvidedCancelSuccess: a canceller that fires with a value keeps it
    void cancellerValueIsKept() {
        Deferred<String> d = new Deferred<>(self -> self.callback("from canceller"));
        d.addTimeout(10, clock);
        clock.advance(10);
        assertEquals("from canceller", successResultOf(d));
    }

    @Test // test_timedOutProvidedCancelFailure: a canceller's own failure is kept
    void cancellerFailureIsKept() {
        Deferred<String> d = new Deferred<>(self -> self.errback(new IOException("mine")));
        d.addTimeout(10, clock);
        clock.advance(10);
        failureResultOf(d, IOException.class);
    }

    @Test // test_cancelBeforeTimeout: a manual cancel stays a CancelledError
    void manualCancelBeforeTheDeadlineStaysCancelled() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(10, clock);
        clock.advance(5);
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test // test_cancelBeforeTimeoutCustom: the converter is not called for a manual cancel
    void manualCancelDoesNotCallTheConverter() {
        List<Object> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addTimeout(Duration.ofSeconds(10), clock, (value, timeout) -> {
            seen.add(value);
            return "converted";
        });
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(List.of(), seen);
    }

    @Test // test_errbackAddedBeforeTimeout: an earlier errback sees CancelledError
    void earlierErrbackSeesCancelledError() {
        List<Class<?>> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> {
            seen.add(f.type());
            throw f.raiseException();
        });
        d.addTimeout(10, clock);
        clock.advance(10);
        assertEquals(List.of(CancelledError.class), seen);
        failureResultOf(d, TimeoutError.class);
    }

    @Test // test_errbackAddedBeforeTimeoutSuppressesCancellation: a handled cancel is not converted
    void earlierErrbackThatHandlesCancellationWins() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> {
            f.trap(CancelledError.class);
            return "handled";
        });
        d.addTimeout(10, clock);
        clock.advance(10);
        assertEquals("handled", successResultOf(d));
    }

    @Test // TWISTED-NOTES.md: an earlier errback that turns the cancel into another error keeps it
    void earlierErrbackThatChangesTheErrorKeepsIt() {
        Deferred<String> d = new Deferred<>();
        d.addErrback(f -> {
            throw new IOException("changed");
        });
        d.addTimeout(10, clock);
        clock.advance(10);
        failureResultOf(d, IOException.class);
    }

    @Test // the timeout does not cover steps added after it
    void stepsAddedAfterTheTimeoutSeeTheTimeoutError() {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(1, clock);
        List<Class<?>> seen = new ArrayList<>();
        d.addErrback(f -> {
            seen.add(f.type());
            return "x";
        });
        clock.advance(1);
        assertEquals(List.of(TimeoutError.class), seen);
    }
}
