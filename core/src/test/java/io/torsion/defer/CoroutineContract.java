package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every coroutine does, whatever thread its body runs on: {@link CoroutineTest} runs these
 * tests once per thread kind and hand-off mode. Ported from Twisted's {@code test_inlinecb.py}
 * ({@code BasicTests}, {@code StackedInlineCallbacksTests}, {@code CancellationTests}) and
 * {@code test_defgen.py}; each test names the Twisted test it follows where there is one.
 */
abstract class CoroutineContract {
    /** Bounded waits, only where a second thread is involved. */
    static final long TIMEOUT_SECONDS = 30;

    /** Starts {@code body} the way the subclass's configuration says. */
    abstract <T> Deferred<T> start(CoroutineBody<T> body);

    /** The kind of thread bodies run on under this configuration. */
    abstract BodyThreads.Kind kind();

    // ================================================================ basics

    @Test // BasicTests.testBasics
    void awaitsAResultAndAFailureThenReturns() {
        Deferred<String> thing = new Deferred<>();
        Deferred<String> d = start(co -> {
            assertEquals("hi", co.await(thing));
            try {
                co.await(Deferred.fail(new ArithmeticException("OMG")));
                fail("await of a failed Deferred returned");
            } catch (ArithmeticException e) {
                assertEquals("OMG", e.getMessage());
            }
            return "WOOSH";
        });
        assertNoResult(d);
        thing.callback("hi");
        assertEquals("WOOSH", successResultOf(d));
    }

    @Test // BasicTests.testProducesException
    void anExceptionFromTheBodyFailsItsDeferred() {
        Deferred<String> thing = new Deferred<>();
        ArithmeticException boom = new ArithmeticException("/ by zero");
        Deferred<String> d = start(co -> {
            co.await(thing);
            throw boom;
        });
        thing.callback("hi");
        assertSame(boom, failureResultOf(d, ArithmeticException.class).value());
    }

    @Test // BasicTests.testNothing: a body that never awaits has its result when start returns
    void aBodyThatNeverAwaitsHasItsResultAtOnce() {
        assertNull(successResultOf(start(co -> null)));
        assertEquals(Integer.valueOf(7), successResultOf(start(co -> 7)));
    }

    @Test // BasicTests.testHandledTerminalFailure
    void aHandledFailureOfAFiredDeferredLeavesTheCoroutineSuccessful() {
        Deferred<Void> d = start(co -> {
            try {
                co.await(Deferred.fail(new TerminalException("handled")));
            } catch (TerminalException expected) {
                // handled
            }
            return null;
        });
        assertNull(successResultOf(d));
    }

    @Test // BasicTests.testHandledTerminalAsyncFailure
    void aHandledFailureFiredLaterLeavesTheCoroutineSuccessful() {
        Deferred<String> awaited = new Deferred<>();
        Deferred<Void> d = start(co -> {
            try {
                co.await(awaited);
            } catch (TerminalException expected) {
                // handled
            }
            return null;
        });
        awaited.errback(new TerminalException("handled"));
        assertNull(successResultOf(d));
    }

    @Test // BasicTests.testStackUsage, with 20 times the awaits: no stack growth, no hand-off
    void awaitingFiredDeferredsContinuesSynchronously() {
        Deferred<Integer> d = start(co -> {
            int sum = 0;
            for (int i = 0; i < 100_000; i++) {
                sum += co.await(Deferred.succeed(1));
            }
            assertEquals(0, co.suspensions(), "an already-fired Deferred must not cause a hand-off");
            return sum;
        });
        assertEquals(100_000, successResultOf(d));
    }

    @Test // StopIterationReturnTests.test_returnWithValue
    void returnsAValueAfterAwaitingADeferredFiredLater() {
        Deferred<Void> d1 = new Deferred<>();
        Deferred<Integer> d2 = start(co -> {
            co.await(d1);
            return 14;
        });
        d1.callback(null);
        assertEquals(14, successResultOf(d2));
    }

    @Test
    void everyAwaitOfAnUnfiredDeferredSuspendsOnce() {
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        Deferred<Integer> d = start(co -> {
            co.await(a);
            co.await(Deferred.succeed("fired"));
            co.await(b);
            return co.suspensions();
        });
        a.callback("a");
        b.callback("b");
        assertEquals(2, successResultOf(d));
    }

    // ================================================================ stacked coroutines

    @Test // StackedInlineCallbacksTests.test_nonCalledDeferredSingleYield
    void stackedCoroutinesWaitingOnOneDeferred() {
        List<String> log = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        Deferred<Integer> res = f3(log, pending, 1, 1);
        fireAll(pending);
        assertEquals(8, successResultOf(res));
        assertEquals(List.of("f3 enter 1", "f2 enter 1", "f1 enter 1", "f1 exit 2", "f2 exit 4", "f3 exit 8"), log);
    }

    @Test // StackedInlineCallbacksTests.test_nonCalledDeferredMultipleYields
    void stackedCoroutinesAwaitingSeveralTimes() {
        List<String> log = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        Deferred<Integer> res = f3(log, pending, 1, 3);
        fireAll(pending);
        assertEquals(20, successResultOf(res));
        assertEquals(26, log.size());
        assertEquals(List.of("f3 enter 1", "f2 enter 1", "f1 enter 1", "f1 exit 2", "f1 enter 2", "f1 exit 3"),
                log.subList(0, 6));
        assertEquals(List.of("f1 exit 14", "f2 exit 16", "f3 exit 20"), log.subList(23, 26));
    }

    @Test // StackedInlineCallbacksTests.test_intermediateAddCallbacksAndWithWaitingFirstYield
    void awaitingACoroutinesDeferredThatHasAnAddedCallback() {
        List<String> log = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        Deferred<Integer> res = start(co -> {
            log.add("f3 enter 1");
            Deferred<Integer> d = f1(log, pending, 1).addCallback(x -> {
                log.add("f2 enter " + x);
                log.add("f2 exit " + (x + 2));
                return x + 2;
            });
            int x = co.await(d) + 4;
            log.add("f3 exit " + x);
            return x;
        });
        fireAll(pending);
        assertEquals(8, successResultOf(res));
        assertEquals(List.of("f3 enter 1", "f1 enter 1", "f1 exit 2", "f2 enter 2", "f2 exit 4", "f3 exit 8"), log);
    }

    @Test // StackedInlineCallbacksTests.test_raisesExceptionFromDeferredWithWaitingFirstCallback
    void aFailureFromAStackedCoroutineIsThrownAtTheOuterAwait() {
        List<String> log = new ArrayList<>();
        Deferred<Integer> failing = new Deferred<>();
        Deferred<Integer> res = start(co -> {
            log.add("f3 enter");
            Deferred<Integer> inner = start(co2 -> {
                log.add("f2 enter");
                int x = co2.await(failing);
                log.add("f2 exit " + x); // never reached
                return x;
            });
            assertThrows(TerminalException.class, () -> co.await(inner));
            log.add("f3 exit");
            return 5;
        });
        failing.errback(new TerminalException("from f2"));
        assertEquals(5, successResultOf(res));
        assertEquals(List.of("f3 enter", "f2 enter", "f3 exit"), log);
    }

    private Deferred<Integer> f1(List<String> log, List<Pending> pending, int x) {
        return start(co -> {
            log.add("f1 enter " + x);
            Deferred<Integer> d = new Deferred<>();
            pending.add(new Pending(d, x));
            int y = co.await(d) + 1;
            log.add("f1 exit " + y);
            return y;
        });
    }

    private Deferred<Integer> f2(List<String> log, List<Pending> pending, int x, int times) {
        return start(co -> {
            log.add("f2 enter " + x);
            int y = x;
            for (int i = 0; i < times; i++) {
                y = co.await(f1(log, pending, y));
            }
            y += 2;
            log.add("f2 exit " + y);
            return y;
        });
    }

    private Deferred<Integer> f3(List<String> log, List<Pending> pending, int x, int times) {
        return start(co -> {
            log.add("f3 enter " + x);
            int y = x;
            for (int i = 0; i < times; i++) {
                y = co.await(f2(log, pending, y, times));
            }
            y += 4;
            log.add("f3 exit " + y);
            return y;
        });
    }

    /** A Deferred f1 awaits, and the value Twisted's test fires it with: the one f1 entered with. */
    record Pending(Deferred<Integer> deferred, int value) {}

    /** Fires the pending Deferreds in order, including those added while firing (as Python's loop does). */
    private static void fireAll(List<Pending> pending) {
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).deferred().callback(pending.get(i).value());
        }
    }

    // ================================================================ errors and results

    @Test
    void awaitThrowsTheOriginalThrowable() {
        IOException checked = new IOException("checked");
        StackOverflowError error = new StackOverflowError("an Error");
        Deferred<IOException> a = new Deferred<>();
        Deferred<Error> b = new Deferred<>();
        Deferred<String> d = start(co -> {
            IOException seen1 = assertThrows(IOException.class, () -> co.await(a));
            Error seen2 = assertThrows(StackOverflowError.class, () -> co.await(b));
            assertSame(checked, seen1);
            assertSame(error, seen2);
            return "ok";
        });
        a.errback(checked);
        b.errback(error);
        assertEquals("ok", successResultOf(d));
    }

    @Test // as Twisted's gotResult: the awaited Deferred carries null afterwards, its failure handled
    void awaitConsumesTheAwaitedResult() {
        Deferred<String> ok = new Deferred<>();
        Deferred<String> bad = new Deferred<>();
        Deferred<String> d = start(co -> {
            String first = co.await(ok);
            try {
                co.await(bad);
            } catch (TerminalException expected) {
                return first;
            }
            return "no failure";
        });
        ok.callback("x");
        bad.errback(new TerminalException("handled by the body"));
        assertEquals("x", successResultOf(d));
        assertNull(successResultOf(ok));
        assertNull(successResultOf(bad));
    }

    @Test
    void anErrorThrownByTheBodyFailsItsDeferred() {
        AssertionError error = new AssertionError("body broke");
        Deferred<String> d = start(co -> {
            throw error;
        });
        assertSame(error, failureResultOf(d, AssertionError.class).value());
    }

    @Test // a Deferred is never a Deferred's result (TWISTED-NOTES.md)
    void aBodyReturningADeferredFailsWithIllegalArgument() {
        Deferred<Deferred<String>> d = start(co -> Deferred.succeed("inner"));
        failureResultOf(d, IllegalArgumentException.class);
    }

    @Test
    void awaitFromOutsideTheBodyThrows() {
        AtomicReference<Coroutine.Await> leaked = new AtomicReference<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> d = start(co -> {
            leaked.set(co);
            return co.await(a);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaked.get().await(new Deferred<>()));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        a.callback("unaffected");
        assertEquals("unaffected", successResultOf(d));
    }

    @Test
    void awaitAfterTheBodyEndedThrows() {
        AtomicReference<Coroutine.Await> leaked = new AtomicReference<>();
        successResultOf(start(co -> {
            leaked.set(co);
            return null;
        }));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> leaked.get().await(Deferred.succeed(1)));
        assertTrue(e.getMessage().contains("ended"), e.getMessage());
    }

    @Test
    void awaitWithAnotherCoroutinesHandleThrows() {
        AtomicReference<Coroutine.Await> other = new AtomicReference<>();
        Deferred<String> never = new Deferred<>();
        Deferred<String> first = start(co -> {
            other.set(co);
            return co.await(never);
        });
        Deferred<Class<?>> second = start(co -> {
            try {
                other.get().await(Deferred.succeed("x"));
                return null;
            } catch (IllegalStateException expected) {
                return expected.getClass();
            }
        });
        assertEquals(IllegalStateException.class, successResultOf(second));
        assertNoResult(first);
        never.callback("done");
        assertEquals("done", successResultOf(first));
    }

    @Test
    void awaitingTheCoroutinesOwnDeferredThrows() {
        AtomicReference<Deferred<String>> self = new AtomicReference<>();
        Deferred<String> go = new Deferred<>();
        Deferred<String> d = start(co -> {
            co.await(go);
            return co.await(self.get());
        });
        self.set(d);
        go.callback("go");
        failureResultOf(d, IllegalStateException.class);
    }

    @Test
    void awaitOfNullThrowsNullPointerException() {
        Deferred<Class<?>> d = start(co -> {
            try {
                co.await(null);
                return null;
            } catch (NullPointerException expected) {
                return expected.getClass();
            }
        });
        assertEquals(NullPointerException.class, successResultOf(d));
    }

    // ================================================================ cancellation

    /** Twisted's CancellationTests run each case plain, stacked, and stacked on the second await. */
    enum Shape { PLAIN, STACKED, STACKED_ON_SECOND_AWAIT }

    /** Twisted's sampleInlineCB: awaits a child (maybe through a nested coroutine), translates errors. */
    private Deferred<Integer> sample(Shape shape, Supplier<Deferred<Integer>> child, Deferred<Integer> first) {
        return start(co -> {
            int x;
            try {
                if (shape == Shape.PLAIN) {
                    x = co.await(child.get());
                } else {
                    if (first != null) {
                        co.await(first);
                    }
                    x = co.await(start(inner -> inner.await(child.get())));
                }
            } catch (UntranslatedError e) {
                throw new TranslatedError();
            } catch (DontFail e) {
                x = e.actualValue - 2;
            }
            return x + 1;
        });
    }

    private static Deferred<Integer> firstFor(Shape shape) {
        return shape == Shape.STACKED_ON_SECOND_AWAIT ? new Deferred<>() : null;
    }

    private static void fireFirst(Deferred<Integer> first) {
        if (first != null) {
            first.callback(1);
        }
    }

    @ParameterizedTest // doCascadeCancellingOnCancel
    @EnumSource(Shape.class)
    void cancellingTheCoroutineCancelsTheAwaitedDeferred(Shape shape) {
        List<Boolean> childSawCancel = new ArrayList<>();
        Deferred<Integer> first = firstFor(shape);
        Deferred<Integer> d = sample(shape, () -> {
            Deferred<Integer> child = new Deferred<>();
            return child.addErrback(f -> {
                childSawCancel.add(f.check(CancelledError.class));
                throw f.raiseException();
            });
        }, first);
        d.addErrback(f -> null);
        fireFirst(first);
        d.cancel();
        assertEquals(List.of(true), childSawCancel, "no cascade cancelling");
    }

    @ParameterizedTest // doErrbackCancelledErrorOnCancel
    @EnumSource(Shape.class)
    void anUncaughtCancelledErrorFailsTheCoroutine(Shape shape) {
        Deferred<Integer> first = firstFor(shape);
        Deferred<Integer> d = sample(shape, Deferred::new, first);
        fireFirst(first);
        d.cancel();
        failureResultOf(d, CancelledError.class);
    }

    @ParameterizedTest // doErrorToErrorTranslation
    @EnumSource(Shape.class)
    void theBodyMayTranslateTheCancellationError(Shape shape) {
        Deferred<Integer> a = new Deferred<>(self -> self.errback(new UntranslatedError()));
        Deferred<Integer> first = firstFor(shape);
        Deferred<Integer> d = sample(shape, () -> a, first);
        fireFirst(first);
        d.cancel();
        failureResultOf(d, TranslatedError.class);
    }

    @ParameterizedTest // doErrorToSuccessTranslation
    @EnumSource(Shape.class)
    void theBodyMayTurnTheCancellationIntoAResult(Shape shape) {
        Deferred<Integer> a = new Deferred<>(self -> self.errback(new DontFail(4321)));
        Deferred<Integer> first = firstFor(shape);
        Deferred<Integer> d = sample(shape, () -> a, first);
        List<Integer> results = new ArrayList<>();
        d.addCallback(results::add);
        fireFirst(first);
        d.cancel();
        assertEquals(List.of(4320), results);
    }

    @ParameterizedTest // doAsynchronousCancellation
    @EnumSource(Shape.class)
    void theCoroutineWaitsUntilTheCancelledDeferredReachesItsAwait(Shape shape) {
        Deferred<Integer> more = new Deferred<>();
        Deferred<Integer> first = firstFor(shape);
        Deferred<Integer> d = sample(shape, () -> {
            Deferred<Integer> child = new Deferred<>();
            return child.addErrbackDeferred(f -> {
                f.trap(CancelledError.class);
                return more;
            });
        }, first);
        fireFirst(first);
        d.cancel();
        assertNoResult(d);
        more.callback(6543);
        assertEquals(6544, successResultOf(d));
    }

    @Test // test_inlineCallbacksCancelCaptured, and TWISTED-NOTES.md: called and has-result differ
    void aBodyThatCatchesTheCancellationLeavesItsDeferredCalledWithoutResult() {
        List<Deferred<?>> canceller1Calls = new ArrayList<>();
        List<Deferred<?>> canceller2Calls = new ArrayList<>();
        Deferred<Object> d1 = new Deferred<>(canceller1Calls::add);
        Deferred<Object> d2 = new Deferred<>(canceller2Calls::add);
        Deferred<Object> funcD = start(co -> {
            try {
                co.await(d1);
            } catch (Exception expected) {
                // carry on
            }
            co.await(d2);
            return null;
        });
        assertNoResult(d1);
        assertNoResult(d2);
        assertNoResult(funcD);
        assertFalse(funcD.isCalled());
        assertEquals(List.of(), canceller1Calls);

        funcD.cancel();
        assertEquals(List.of(d1), canceller1Calls);
        assertEquals(List.of(), canceller2Calls);
        assertTrue(funcD.isCalled(), "cancel() fired the coroutine's Deferred");
        assertNoResult(funcD);

        funcD.cancel();
        failureResultOf(funcD, CancelledError.class);
        assertEquals(List.of(d2), canceller2Calls);
    }

    @Test
    void aBodyThatCatchesTheCancellationMayStillReturnAResult() {
        Deferred<String> slow = new Deferred<>();
        Deferred<String> later = new Deferred<>();
        Deferred<String> d = start(co -> {
            try {
                return co.await(slow);
            } catch (CancelledError e) {
                return "fallback " + co.await(later);
            }
        });
        d.cancel();
        assertTrue(d.isCalled());
        assertNoResult(d);
        later.callback("value");
        assertEquals("fallback value", successResultOf(d));
    }

    @Test // the body cancels its own Deferred: CancelledError at its next await of an unfired Deferred
    void aCancelWhileTheBodyRunsTakesEffectAtItsNextAwait() {
        AtomicReference<Deferred<String>> self = new AtomicReference<>();
        Deferred<String> go = new Deferred<>();
        List<Deferred<?>> cancelled = new ArrayList<>();
        Deferred<String> next = new Deferred<>(cancelled::add);
        Deferred<String> d = start(co -> {
            co.await(go);
            self.get().cancel();
            assertEquals("fired", co.await(Deferred.succeed("fired")), "a fired Deferred is not cancelled");
            return co.await(next);
        });
        self.set(d);
        go.callback("go");
        assertEquals(List.of(next), cancelled);
        failureResultOf(d, CancelledError.class);
    }

    @Test
    void cancellingAFinishedCoroutineDoesNothing() {
        Deferred<String> d = start(co -> "done");
        d.cancel();
        assertEquals("done", successResultOf(d));
    }

    @Test // the way out for a body waiting on a Deferred that will never fire
    void cancellingAStuckCoroutineEndsItsThread() throws InterruptedException {
        AtomicReference<Thread> body = new AtomicReference<>();
        Deferred<String> d = start(co -> {
            body.set(Thread.currentThread());
            return co.await(new Deferred<String>());
        });
        assertTrue(body.get().isAlive());
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEnds(body.get());
    }

    // ================================================================ threads and hand-offs

    @Test
    void startRunsTheBodyOnItsOwnThreadUntilItsFirstSuspension() {
        List<String> log = new ArrayList<>();
        AtomicReference<Thread> body = new AtomicReference<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> d = start(co -> {
            body.set(Thread.currentThread());
            log.add("before");
            log.add(co.await(a));
            return "done";
        });
        assertEquals(List.of("before"), log);
        assertNotSame(Thread.currentThread(), body.get());
        assertEquals(kind() == BodyThreads.Kind.VIRTUAL, CoroutineTest.isVirtual(body.get()));
        a.callback("after");
        assertEquals(List.of("before", "after"), log);
        assertEquals("done", successResultOf(d));
    }

    @Test
    void firingAnAwaitedDeferredRunsTheBodyUntilItAwaitsAgain() {
        List<String> log = new ArrayList<>();
        Deferred<String> a = new Deferred<>();
        Deferred<String> b = new Deferred<>();
        List<Thread> firedOn = new ArrayList<>();
        Deferred<String> d = start(co -> {
            log.add("start");
            log.add(co.await(a));
            log.add(co.await(b));
            log.add("end");
            return "done";
        });
        d.addCallback(r -> {
            firedOn.add(Thread.currentThread());
            return r;
        });
        assertEquals(List.of("start"), log);
        a.callback("a");
        assertEquals(List.of("start", "a"), log);
        b.callback("b");
        assertEquals(List.of("start", "a", "b", "end"), log);
        assertEquals(List.of(Thread.currentThread()), firedOn, "the coroutine's Deferred fires on the driving thread");
        assertEquals("done", successResultOf(d));
    }

    @Test
    void theCoroutinesDeferredFiresOnTheCallerOfStartWhenTheBodyNeverSuspends() {
        List<Thread> firedOn = new ArrayList<>();
        Deferred<String> inner = Deferred.succeed("x");
        start(co -> co.await(inner)).addCallback(r -> firedOn.add(Thread.currentThread()));
        assertEquals(List.of(Thread.currentThread()), firedOn);
    }

    @Test
    void theThreadThatFiresTheAwaitedDeferredBecomesTheDrivingThread() throws InterruptedException {
        Deferred<String> a = new Deferred<>();
        List<Thread> drivers = new ArrayList<>();
        List<Thread> firedOn = new ArrayList<>();
        Deferred<String> d = start(co -> {
            drivers.add(Coroutine.drivingThread());
            String s = co.await(a);
            drivers.add(Coroutine.drivingThread());
            return s;
        });
        d.addCallback(r -> {
            firedOn.add(Thread.currentThread());
            return r;
        });
        Thread other = new Thread(() -> a.callback("x"), "other-driver");
        other.start();
        assertEnds(other);
        assertEquals(List.of(Thread.currentThread(), other), drivers);
        assertEquals(List.of(other), firedOn);
        assertEquals("x", successResultOf(d));
    }

    @Test
    void drivingThreadIsFollowedThroughNestedCoroutines() {
        Deferred<String> a = new Deferred<>();
        List<Thread> seen = new ArrayList<>();
        Deferred<String> outer = start(co -> {
            Thread outerBody = Thread.currentThread();
            seen.add(Coroutine.drivingThread());
            String s = co.await(start(inner -> {
                assertNotSame(outerBody, Thread.currentThread());
                seen.add(Coroutine.drivingThread());
                String r = inner.await(a);
                seen.add(Coroutine.drivingThread());
                return r;
            }));
            seen.add(Coroutine.drivingThread());
            return s;
        });
        a.callback("x");
        assertEquals("x", successResultOf(outer));
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread(), Thread.currentThread(),
                Thread.currentThread()), seen);
    }

    @Test
    void theBodyThreadEndsWhenTheBodyReturns() throws InterruptedException {
        Deferred<String> a = new Deferred<>();
        AtomicReference<Thread> body = new AtomicReference<>();
        Deferred<String> d = start(co -> {
            body.set(Thread.currentThread());
            return co.await(a);
        });
        a.callback("x");
        assertEquals("x", successResultOf(d));
        assertEnds(body.get());
    }

    @Test
    void theBodyThreadEndsWhenTheBodyThrows() throws InterruptedException {
        AtomicReference<Thread> body = new AtomicReference<>();
        Deferred<String> d = start(co -> {
            body.set(Thread.currentThread());
            throw new TerminalException("thrown");
        });
        failureResultOf(d, TerminalException.class);
        assertEnds(body.get());
    }

    @Test
    void anInterruptStatusSurvivesASuspension() {
        Deferred<String> a = new Deferred<>();
        Deferred<Boolean> d = start(co -> {
            Thread.currentThread().interrupt();
            co.await(a);
            return Thread.interrupted();
        });
        Thread.currentThread().interrupt();
        a.callback("x");
        assertTrue(Thread.interrupted(), "the driving thread's interrupt status is kept");
        assertEquals(true, successResultOf(d));
    }

    /** Many hand-offs from a second thread: nothing is lost, and the two sides never overlap. */
    @Test
    void manyRoundTripsFromAnotherThreadNeverOverlap() throws InterruptedException {
        int rounds = 5_000;
        AtomicReference<Deferred<Integer>> next = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean();
        int[] overlaps = {0};
        long[] plainCounter = {0}; // touched by both sides without synchronisation of its own
        Deferred<Long> d = start(co -> {
            long sum = 0;
            for (int i = 0; i < rounds; i++) {
                Deferred<Integer> step = new Deferred<>();
                next.set(step);
                running.set(false);
                sum += co.await(step);
                if (!running.compareAndSet(false, true)) {
                    overlaps[0]++;
                }
                plainCounter[0]++;
            }
            running.set(false);
            return sum;
        });
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> problem = new AtomicReference<>();
        Thread driver = new Thread(() -> {
            try {
                for (int i = 1; i <= rounds; i++) {
                    next.get().callback(i);
                    if (!running.compareAndSet(false, true)) {
                        overlaps[0]++;
                    }
                    plainCounter[0]++;
                    running.set(false);
                }
            } catch (Throwable t) {
                problem.set(t);
            } finally {
                done.countDown();
            }
        }, "round-trip-driver");
        driver.start();
        assertTrue(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "round trips did not finish");
        assertNull(problem.get());
        assertEnds(driver);
        assertEquals(0, overlaps[0]);
        assertEquals(2L * rounds, plainCounter[0]);
        assertEquals((long) rounds * (rounds + 1) / 2, successResultOf(d));
    }

    static void assertEnds(Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertFalse(t.isAlive(), t + " is still alive");
    }

    // ================================================================ exceptions of the tests

    static final class TerminalException extends Exception {
        private static final long serialVersionUID = 1L;

        TerminalException(String message) {
            super(message);
        }
    }

    static final class UntranslatedError extends Exception {
        private static final long serialVersionUID = 1L;
    }

    static final class TranslatedError extends Exception {
        private static final long serialVersionUID = 1L;
    }

    static final class DontFail extends Exception {
        private static final long serialVersionUID = 1L;
        final int actualValue;

        DontFail(int actualValue) {
            this.actualValue = actualValue;
        }
    }
}
