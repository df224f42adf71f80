package io.torsion.task;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Twisted's {@code DeferLaterTests} (test_task.py), and the Deferred-returning and Duration forms. */
class TasksTest {
    private final Clock clock = new Clock();

    @Test
    void firesWithTheFunctionsResultAfterTheDelay() {
        List<Double> calledAt = new ArrayList<>();
        Object flag = new Object();
        Deferred<Object> d = Tasks.deferLater(clock, 3, () -> {
            calledAt.add(clock.seconds());
            return flag;
        });
        clock.advance(2);
        assertEquals(List.of(), calledAt);
        assertNoResult(d);
        clock.advance(1);
        assertEquals(List.of(3.0), calledAt);
        assertSame(flag, successResultOf(d));
    }

    @Test
    void failsWithWhatTheFunctionThrows() {
        IOException error = new IOException("no");
        Deferred<String> d = Tasks.deferLater(clock, 1, () -> {
            throw error;
        });
        clock.advance(1);
        assertSame(error, failureResultOf(d, IOException.class).value());
    }

    @Test
    void cancellingPreventsTheCallAndFailsWithCancelledError() {
        List<String> called = new ArrayList<>();
        Deferred<Boolean> d = Tasks.deferLater(clock, 1, () -> called.add("called"));
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(List.of(), clock.getDelayedCalls());
        clock.advance(5);
        assertEquals(List.of(), called);
    }

    @Test
    void withoutAFunctionFiresWithNull() {
        Deferred<Void> d = Tasks.deferLater(clock, 2.0);
        assertNoResult(d);
        clock.advance(2.0);
        assertNull(successResultOf(d));
    }

    @Test
    void takesDurations() {
        Deferred<String> d = Tasks.deferLater(clock, Duration.ofMillis(250), () -> "x");
        Deferred<Void> plain = Tasks.deferLater(clock, Duration.ofMillis(500));
        clock.advance(0.249);
        assertNoResult(d);
        clock.advance(0.001);
        assertEquals("x", successResultOf(d));
        assertNoResult(plain);
        clock.advance(0.25);
        assertNull(successResultOf(plain));
    }

    @Test
    void aFunctionReturningADeferredMakesTheResultWaitForIt() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> d = Tasks.deferLaterDeferred(clock, 1, () -> inner);
        clock.advance(1);
        assertNoResult(d);
        inner.callback("inner result");
        assertEquals("inner result", successResultOf(d));
    }

    @Test
    void aFunctionReturningAFailedDeferredFails() {
        Deferred<String> d = Tasks.deferLaterDeferred(clock, Duration.ofSeconds(1),
                () -> Deferred.fail(new IOException("late")));
        clock.advance(1);
        assertEquals("late", failureResultOf(d, IOException.class).value().getMessage());
    }

    @Test
    void cancellingWhileTheFunctionsDeferredIsPendingCancelsThatDeferred() {
        boolean[] innerCancelled = {false};
        Deferred<String> inner = new Deferred<>(self -> innerCancelled[0] = true);
        Deferred<String> d = Tasks.deferLaterDeferred(clock, 1, () -> inner);
        clock.advance(1);
        d.cancel();
        assertTrue(innerCancelled[0]);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void cancellingAfterTheResultChangesNothing() {
        Deferred<String> d = Tasks.deferLater(clock, 1, () -> "done");
        clock.advance(1);
        d.cancel();
        assertEquals("done", successResultOf(d));
    }

    @Test
    void aNegativeDelayIsRefusedAndSchedulesNothing() {
        assertThrows(IllegalArgumentException.class, () -> Tasks.deferLater(clock, -1, () -> "x"));
        assertThrows(IllegalArgumentException.class, () -> Tasks.deferLater(clock, Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> Tasks.deferLater(clock, 1, null));
        assertEquals(List.of(), clock.getDelayedCalls());
    }

    @Test
    void theFunctionRunsWhenTheCallIsDueAlongsideOtherCallsInOrder() {
        List<String> order = new ArrayList<>();
        clock.callLater(1, () -> order.add("before"));
        Deferred<Void> d = Tasks.deferLater(clock, 1, () -> {
            order.add("deferLater");
            return null;
        });
        clock.callLater(1, () -> order.add("after"));
        clock.advance(1);
        assertEquals(List.of("before", "deferLater", "after"), order);
        assertNull(successResultOf(d));
    }
}
