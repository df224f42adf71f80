package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Deferred#cancel()}, following Twisted's {@code DeferredCancellerTests} and
 * TWISTED-NOTES.md.
 */
class DeferredCancelTest {

    @Test // test_noCanceller
    void withoutCancellerCancelFailsWithCancelledError() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        failureResultOf(d, CancelledError.class);
    }

    @Test // test_raisesAfterCancelAndCallback: one late firing is swallowed, the next is not
    void withoutCancellerOneLaterFiringIsSwallowed() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.callback("late");
        assertThrows(AlreadyCalledError.class, () -> d.callback("later"));
        failureResultOf(d, CancelledError.class);
    }

    @Test // test_raisesAfterCancelAndErrback
    void withoutCancellerOneLaterErrbackIsSwallowed() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.errback(new IOException());
        assertThrows(AlreadyCalledError.class, () -> d.errback(new IOException()));
        failureResultOf(d, CancelledError.class);
    }

    @Test // test_noCancellerMultipleCancelsAfterCancelAndCallback
    void cancellingTwiceIsANoOp() {
        Deferred<String> d = new Deferred<>();
        d.cancel();
        d.callback("late");
        d.cancel();
        failureResultOf(d, CancelledError.class);
    }

    @Test // test_cancellerArg: the canceller receives the Deferred
    void cancellerReceivesTheDeferred() {
        List<Deferred<?>> seen = new ArrayList<>();
        Deferred<String> d = new Deferred<>(seen::add);
        d.cancel();
        assertEquals(List.of(d), seen);
    }

    @Test // test_cancellerThatDoesNothing...: CancelledError, and a later firing raises
    void doNothingCancellerStillFailsAndLaterFiringRaises() {
        Deferred<String> d = new Deferred<>(self -> { });
        d.cancel();
        assertThrows(AlreadyCalledError.class, () -> d.callback("late"));
        failureResultOf(d, CancelledError.class);
    }

    @Test // test_cancellerThatCallbacks / Errbacks: the canceller's firing wins
    void cancellerMayFireTheDeferred() {
        Deferred<String> ok = new Deferred<>(self -> self.callback("cancelled nicely"));
        ok.cancel();
        assertEquals("cancelled nicely", successResultOf(ok));

        Deferred<String> bad = new Deferred<>(self -> self.errback(new IOException("stopped")));
        bad.cancel();
        failureResultOf(bad, IOException.class);
    }

    @Test // test_cancelAfterCallback: cancelling a fired Deferred does nothing
    void cancelAfterFiringIsANoOp() {
        List<String> calls = new ArrayList<>();
        Deferred<String> d = new Deferred<>(self -> calls.add("canceller"));
        d.callback("x");
        d.cancel();
        assertEquals(List.of(), calls);
        assertEquals("x", successResultOf(d));
    }

    @Test // test_cancelNestedDeferred: cancelling a Deferred waiting on another cancels that one
    void cancelForwardsToTheDeferredItWaitsOn() {
        List<String> calls = new ArrayList<>();
        Deferred<String> inner = new Deferred<>(self -> calls.add("inner canceller"));
        Deferred<String> outer = new Deferred<>(self -> calls.add("outer canceller"));
        Deferred<String> chain = outer.addCallbackDeferred(x -> inner);
        outer.callback("x");
        assertNoResult(chain);
        outer.cancel();
        assertEquals(List.of("inner canceller"), calls);
        failureResultOf(chain, CancelledError.class);
    }

    @Test // a canceller's exception reaches the caller
    void cancellerExceptionPropagates() {
        Deferred<String> d = new Deferred<>(self -> {
            throw new IllegalStateException("cannot stop");
        });
        assertThrows(IllegalStateException.class, d::cancel);
    }

    @Test // the errback chain sees the CancelledError and may recover
    void errbackMayHandleCancellation() {
        Deferred<String> d = new Deferred<>();
        Deferred<String> after = d.addErrback(f -> {
            f.trap(CancelledError.class);
            return "fallback";
        });
        d.cancel();
        assertSame("fallback", successResultOf(after));
    }
}
