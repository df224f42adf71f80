package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.DeferredList.AllFailed;
import io.torsion.defer.DeferredList.Failed;
import io.torsion.defer.DeferredList.FirstResult;
import io.torsion.defer.DeferredList.FirstSuccess;
import io.torsion.defer.DeferredList.Options;
import io.torsion.defer.DeferredList.Outcome;
import io.torsion.defer.DeferredList.Succeeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Twisted's DeferredList behaviour, from twisted/test/test_defer.py (DeferredTests.testDeferredList*,
 * DeferredTests.test_cancelDeferredList*, DeferredListEmptyTests), plus the Java-only API surface
 * (Outcome, Options, FirstResult).
 */
class DeferredListTest {

    static final class GenericError extends RuntimeException {
        GenericError(String message) {
            super(message);
        }
    }

    /** test_defer.py's fakeCallbackCanceller: a canceller that fires the Deferred with a value. */
    static void fakeCallbackCanceller(Deferred<String> d) {
        d.callback("Callback Result");
    }

    private static Deferred<String> callbackCancelled() {
        return new Deferred<>(DeferredListTest::fakeCallbackCanceller);
    }

    /** Adds an errback that swallows the failure, as test_defer.py's {@code catch}. */
    private static void swallow(Deferred<?> d) {
        d.addErrback(f -> null);
    }

    @Nested
    class Collecting {
        // testDeferredList
        @Test
        void firesWithOnePairPerInputInInputOrder() {
            Deferred<String> one = new Deferred<>();
            Deferred<String> two = new Deferred<>();
            Deferred<String> three = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two, three));

            one.callback("1");
            swallow(two);
            two.errback(new GenericError("2"));
            assertNoResult(dl);
            three.callback("3");

            List<Outcome<String>> result = successResultOf(dl);
            assertEquals(3, result.size());
            assertEquals(new Succeeded<>("1"), result.get(0));
            assertFalse(result.get(1).succeeded());
            assertEquals("2", result.get(1).failure().value().getMessage());
            assertEquals(new Succeeded<>("3"), result.get(2));
        }

        @Test
        void keepsInputOrderWhenInputsFireInReverse() {
            Deferred<Integer> a = new Deferred<>();
            Deferred<Integer> b = new Deferred<>();
            Deferred<Integer> c = new Deferred<>();
            Deferred<List<Outcome<Integer>>> dl = DeferredList.of(List.of(a, b, c));
            c.callback(3);
            b.callback(2);
            assertNoResult(dl);
            a.callback(1);
            assertEquals(List.of(new Succeeded<>(1), new Succeeded<>(2), new Succeeded<>(3)), successResultOf(dl));
        }

        // testEmptyDeferredList (first half), DeferredListEmptyTests.testDeferredListEmpty
        @Test
        void emptyListFiresAtOnceWithEmptyList() {
            Deferred<List<Outcome<Object>>> dl = DeferredList.of(List.of());
            assertEquals(List.of(), successResultOf(dl));
        }

        // testDeferredListWithAlreadyFiredDeferreds
        @Test
        void alreadyFiredInputsAreCollectedAtOnce() {
            Deferred<Integer> failed = new Deferred<>();
            Deferred<Integer> succeeded = new Deferred<>();
            failed.errback(new GenericError("Bang"));
            succeeded.callback(2);

            Deferred<List<Outcome<Integer>>> dl = DeferredList.of(List.of(failed, succeeded));

            List<Outcome<Integer>> result = successResultOf(dl);
            assertEquals(2, result.size());
            assertFalse(result.get(0).succeeded());
            assertEquals(new Succeeded<>(2), result.get(1));
            swallow(failed);
        }

        @Test
        void nullResultsAreCollected() {
            Deferred<String> d = Deferred.succeed(null);
            assertEquals(List.of(new Succeeded<String>(null)), successResultOf(DeferredList.of(List.of(d))));
        }

        @Test
        void sameDeferredTwiceSeesTheResultTwice() {
            Deferred<String> d = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(d, d));
            d.callback("x");
            assertEquals(List.of(new Succeeded<>("x"), new Succeeded<>("x")), successResultOf(dl));
        }

        @Test
        void resultListIsUnmodifiable() {
            List<Outcome<String>> result = successResultOf(DeferredList.of(List.of(Deferred.succeed("a"))));
            assertThrows(UnsupportedOperationException.class, () -> result.add(new Succeeded<>("b")));
        }

        // DeferredList docstring: callbacks added to an input before the DeferredList change what it sees
        @Test
        void callbacksAddedBeforeTheListChangeWhatItSees() {
            Deferred<Integer> d = new Deferred<>();
            Deferred<Integer> doubled = d.addCallback(x -> x * 2);
            Deferred<List<Outcome<Integer>>> dl = DeferredList.of(List.of(doubled));
            d.callback(21);
            assertEquals(List.of(new Succeeded<>(42)), successResultOf(dl));
        }

        // DeferredList docstring: callbacks added to an input afterwards see what the list passes on
        @Test
        void callbacksAddedAfterTheListSeeTheInputsResult() {
            Deferred<Integer> d = new Deferred<>();
            DeferredList.of(List.of(d));
            d.callback(7);
            assertEquals(7, successResultOf(d));
        }

        @Test
        void inputListIsCopied() {
            Deferred<String> one = new Deferred<>();
            List<Deferred<String>> inputs = new ArrayList<>(List.of(one));
            Deferred<List<Outcome<String>>> dl = DeferredList.of(inputs);
            inputs.add(new Deferred<>());
            one.callback("only");
            assertEquals(List.of(new Succeeded<>("only")), successResultOf(dl));
        }

        @Test
        void nullInputIsRefused() {
            assertThrows(NullPointerException.class, () -> DeferredList.of(Arrays.asList(new Deferred<String>(), null)));
            assertThrows(NullPointerException.class, () -> DeferredList.of(null));
            assertThrows(NullPointerException.class, () -> DeferredList.of(List.of(), null));
        }
    }

    @Nested
    class ConsumeErrors {
        // testDeferredListDontConsumeErrors
        @Test
        void withoutConsumeErrorsTheFailureStaysInTheInput() {
            Deferred<Void> d = new Deferred<>();
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(d));
            List<Failure> errorTrap = new ArrayList<>();
            d.addErrback(f -> {
                errorTrap.add(f);
                return null;
            });

            d.errback(new GenericError("Bang"));

            assertEquals("Bang", errorTrap.get(0).value().getMessage());
            List<Outcome<Void>> result = successResultOf(dl);
            assertEquals("Bang", result.get(0).failure().value().getMessage());
        }

        // testDeferredListConsumeErrors
        @Test
        void withConsumeErrorsTheInputContinuesWithNull() {
            Deferred<Void> d = new Deferred<>();
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(d), Options.defaults().withConsumeErrors(true));
            List<Failure> errorTrap = new ArrayList<>();
            List<Object> after = new ArrayList<>();
            d.addCallbacks(r -> {
                after.add(r);
                return null;
            }, f -> {
                errorTrap.add(f);
                return null;
            });

            d.errback(new GenericError("Bang"));

            assertEquals(List.of(), errorTrap);
            assertEquals(Arrays.asList((Object) null), after);
            assertEquals("Bang", successResultOf(dl).get(0).failure().value().getMessage());
        }

        @Test
        void consumeErrorsLeavesSuccessfulResultsAlone() {
            Deferred<String> d = new Deferred<>();
            DeferredList.of(List.of(d), Options.defaults().withConsumeErrors(true));
            d.callback("kept");
            assertEquals("kept", successResultOf(d));
        }

        // consumeErrors "does not prevent fireOnOneErrback from working"
        @Test
        void consumeErrorsStillFiresOnOneErrback() {
            Deferred<String> d = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(d),
                    Options.defaults().withConsumeErrors(true).withFireOnOneErrback(true));
            d.errback(new GenericError("Bang"));
            assertNull(successResultOf(d));
            FirstError error = (FirstError) failureResultOf(dl, FirstError.class).value();
            assertEquals("Bang", error.subFailure().value().getMessage());
        }

        @Test
        void consumeErrorsAppliesToInputsThatFailAfterTheListFired() {
            Deferred<String> first = new Deferred<>();
            Deferred<String> late = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(first, late),
                    Options.defaults().withConsumeErrors(true).withFireOnOneErrback(true));
            first.errback(new GenericError("first"));
            failureResultOf(dl, FirstError.class);
            late.errback(new GenericError("late"));
            assertNull(successResultOf(late));
        }
    }

    @Nested
    class FireOnOneErrback {
        // testDeferredListFireOnOneError
        @Test
        void failsWithFirstErrorCarryingTheFailureAndIndex() {
            Deferred<String> one = new Deferred<>();
            Deferred<String> two = new Deferred<>();
            Deferred<String> three = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two, three),
                    Options.defaults().withFireOnOneErrback(true));
            swallow(two);

            one.callback("1");
            // Not assertNoResult: its step would stay in the chain and swallow the coming failure.
            assertFalse(dl.isCalled());

            two.errback(new GenericError("from def2"));

            Failure failure = failureResultOf(dl, FirstError.class);
            FirstError firstError = (FirstError) failure.value();
            assertEquals(GenericError.class, firstError.subFailure().type());
            assertEquals("from def2", firstError.subFailure().value().getMessage());
            assertEquals(1, firstError.index());
            assertSame(firstError.subFailure().value(), firstError.getCause());
        }

        // testDeferredListFireOnOneErrorWithAlreadyFiredDeferreds
        @Test
        void alreadyFailedInputFailsTheListAtOnce() {
            Deferred<Void> failed = new Deferred<>();
            Deferred<Void> pending = new Deferred<>();
            failed.errback(new GenericError("Bang"));

            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(failed, pending),
                    Options.defaults().withFireOnOneErrback(true));

            assertEquals(0, ((FirstError) failureResultOf(dl, FirstError.class).value()).index());
            swallow(failed);
        }

        @Test
        void laterFailuresDoNotFireTheListAgain() {
            Deferred<String> one = new Deferred<>();
            Deferred<String> two = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two),
                    Options.defaults().withFireOnOneErrback(true).withConsumeErrors(true));
            one.errback(new GenericError("one"));
            two.errback(new GenericError("two"));
            assertEquals(0, ((FirstError) failureResultOf(dl, FirstError.class).value()).index());
        }

        @Test
        void allSucceedingFiresWithTheList() {
            Deferred<String> one = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one),
                    Options.defaults().withFireOnOneErrback(true));
            one.callback("fine");
            assertEquals(List.of(new Succeeded<>("fine")), successResultOf(dl));
        }
    }

    @Nested
    class FireOnOneCallback {
        @Test
        void firesWithTheFirstSuccessAndItsIndex() {
            Deferred<String> one = new Deferred<>();
            Deferred<String> two = new Deferred<>();
            Deferred<FirstResult<String>> dl = DeferredList.fireOnOneCallback(List.of(one, two));
            two.callback("first");
            assertEquals(new FirstSuccess<>("first", 1), successResultOf(dl));
            one.callback("second");
            assertEquals("second", successResultOf(one));
        }

        @Test
        void alreadySucceededInputFiresAtOnce() {
            Deferred<FirstResult<String>> dl = DeferredList.fireOnOneCallback(
                    List.of(new Deferred<>(), Deferred.succeed("ready")));
            assertEquals(new FirstSuccess<>("ready", 1), successResultOf(dl));
        }

        // DeferredList._cbDeferred: with fireOnOneCallback and no success, the list still fires when all are done
        @Test
        void whenEveryInputFailsFiresWithAllTheFailures() {
            Deferred<String> one = new Deferred<>();
            Deferred<String> two = new Deferred<>();
            Deferred<FirstResult<String>> dl = DeferredList.fireOnOneCallback(List.of(one, two),
                    Options.defaults().withConsumeErrors(true));
            one.errback(new GenericError("one"));
            assertNoResult(dl);
            two.errback(new GenericError("two"));

            FirstResult<String> result = successResultOf(dl);
            assertInstanceOf(AllFailed.class, result);
            AllFailed<String> allFailed = (AllFailed<String>) result;
            assertEquals(2, allFailed.failures().size());
            assertEquals("one", allFailed.failures().get(0).value().getMessage());
            assertEquals("two", allFailed.failures().get(1).value().getMessage());
            assertFalse(result.succeeded());
        }

        @Test
        void withFireOnOneErrbackAFailureFirstFailsWithFirstError() {
            Deferred<String> one = new Deferred<>();
            Deferred<String> two = new Deferred<>();
            Deferred<FirstResult<String>> dl = DeferredList.fireOnOneCallback(List.of(one, two),
                    Options.defaults().withFireOnOneErrback(true).withConsumeErrors(true));
            one.errback(new GenericError("one"));
            assertEquals(0, ((FirstError) failureResultOf(dl, FirstError.class).value()).index());
            two.callback("too late");
            assertEquals("too late", successResultOf(two));
        }

        // testEmptyDeferredList (second half): with fireOnOneCallback an empty list never fires
        @Test
        void emptyListNeverFires() {
            Deferred<FirstResult<Object>> dl = DeferredList.fireOnOneCallback(List.of());
            assertNoResult(dl);
        }

        @Test
        void firstSuccessAccessors() {
            FirstResult<String> result = new FirstSuccess<>("r", 3);
            assertTrue(result.succeeded());
        }
    }

    @Nested
    class Cancellation {
        // test_cancelDeferredList
        @Test
        void cancelsEveryInput() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(one, two));
            dl.cancel();
            failureResultOf(one, CancelledError.class);
            failureResultOf(two, CancelledError.class);
            List<Outcome<Void>> result = successResultOf(dl);
            assertTrue(result.get(0).failure().check(CancelledError.class));
            assertTrue(result.get(1).failure().check(CancelledError.class));
        }

        // test_cancelDeferredListCallback
        @Test
        void firesWithTheListWhenAnInputsCancellerCallsBack() {
            Deferred<String> one = callbackCancelled();
            Deferred<String> two = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two));
            dl.cancel();
            failureResultOf(two, CancelledError.class);
            List<Outcome<String>> result = successResultOf(dl);
            assertTrue(result.get(0).succeeded());
            assertEquals("Callback Result", result.get(0).result());
            assertFalse(result.get(1).succeeded());
            assertTrue(result.get(1).failure().check(CancelledError.class));
        }

        // test_cancelDeferredListWithFireOnOneCallback
        @Test
        void withFireOnOneCallbackCancelsEveryInput() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            Deferred<FirstResult<Void>> dl = DeferredList.fireOnOneCallback(List.of(one, two));
            dl.cancel();
            failureResultOf(one, CancelledError.class);
            failureResultOf(two, CancelledError.class);
            assertInstanceOf(AllFailed.class, successResultOf(dl));
        }

        // test_cancelDeferredListWithFireOnOneCallbackAndDeferredCallback
        @Test
        void withFireOnOneCallbackFiresWithTheInputThatCallsBackWhenCancelled() {
            Deferred<String> one = callbackCancelled();
            Deferred<String> two = new Deferred<>();
            Deferred<FirstResult<String>> dl = DeferredList.fireOnOneCallback(List.of(one, two));
            dl.cancel();
            failureResultOf(two, CancelledError.class);
            assertEquals(new FirstSuccess<>("Callback Result", 0), successResultOf(dl));
        }

        // test_cancelDeferredListWithFireOnOneErrback
        @Test
        void withFireOnOneErrbackFailsWithFirstErrorOfCancelledError() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(one, two),
                    Options.defaults().withFireOnOneErrback(true));
            dl.cancel();
            failureResultOf(one, CancelledError.class);
            failureResultOf(two, CancelledError.class);
            FirstError firstError = (FirstError) failureResultOf(dl, FirstError.class).value();
            assertTrue(firstError.subFailure().check(CancelledError.class));
        }

        // test_cancelDeferredListWithFireOnOneErrbackAllDeferredsCallback
        @Test
        void withFireOnOneErrbackFiresWithTheListWhenEveryInputCallsBack() {
            Deferred<String> one = callbackCancelled();
            Deferred<String> two = callbackCancelled();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one, two),
                    Options.defaults().withFireOnOneErrback(true));
            dl.cancel();
            assertEquals(List.of(new Succeeded<>("Callback Result"), new Succeeded<>("Callback Result")),
                    successResultOf(dl));
        }

        // test_cancelDeferredListWithOriginalDeferreds
        @Test
        void cancelsOnlyTheDeferredsGivenAtCreation() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            List<Deferred<Void>> arguments = new ArrayList<>(List.of(one, two));
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(arguments);
            Deferred<Void> three = new Deferred<>();
            arguments.add(three);
            dl.cancel();
            failureResultOf(one, CancelledError.class);
            failureResultOf(two, CancelledError.class);
            assertNoResult(three);
        }

        // test_cancelDeferredListWithException. Twisted logs the canceller's exception; Torsion cancels
        // every input and then throws it, as Deferred.cancel() does with a canceller's exception.
        @Test
        void cancellerExceptionIsThrownAfterEveryInputIsCancelled() {
            RuntimeException boom = new RuntimeException("test");
            Deferred<Void> one = new Deferred<>(d -> {
                throw boom;
            });
            Deferred<Void> two = new Deferred<>();
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(one, two));

            RuntimeException thrown = assertThrows(RuntimeException.class, dl::cancel);

            assertSame(boom, thrown);
            failureResultOf(two, CancelledError.class);
            assertNoResult(one);
            assertNoResult(dl);
        }

        @Test
        void severalCancellerExceptionsAreThrownAsOneWithTheOthersSuppressed() {
            RuntimeException first = new RuntimeException("first");
            RuntimeException second = new RuntimeException("second");
            Deferred<Void> one = new Deferred<>(d -> {
                throw first;
            });
            Deferred<Void> two = new Deferred<>(d -> {
                throw second;
            });
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(one, two));

            RuntimeException thrown = assertThrows(RuntimeException.class, dl::cancel);

            assertSame(first, thrown);
            assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        }

        // test_cancelFiredOnOneCallbackDeferredList
        @Test
        void afterFiringOnOneCallbackCancelDoesNothing() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            Deferred<FirstResult<Void>> dl = DeferredList.fireOnOneCallback(List.of(one, two));
            one.callback(null);
            dl.cancel();
            assertNoResult(two);
            assertEquals(new FirstSuccess<Void>(null, 0), successResultOf(dl));
        }

        // test_cancelFiredOnOneErrbackDeferredList
        @Test
        void afterFiringOnOneErrbackCancelDoesNothing() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            Deferred<List<Outcome<Void>>> dl = DeferredList.of(List.of(one, two),
                    Options.defaults().withFireOnOneErrback(true));
            one.errback(new GenericError("test"));
            dl.cancel();
            assertNoResult(two);
            failureResultOf(one, GenericError.class);
            failureResultOf(dl, FirstError.class);
        }

        // TWISTED-NOTES.md: cancel() cancels every input that has not produced a result yet. An input
        // whose result the list has seen is left alone, even if a later step made it wait again.
        @Test
        void inputsThatAlreadyProducedAResultAreNotCancelled() {
            Deferred<String> done = new Deferred<>();
            Deferred<String> pending = new Deferred<>();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(done, pending));
            done.callback("done");
            Deferred<String> later = new Deferred<>();
            done.addCallbackDeferred(r -> later);

            dl.cancel();

            assertNoResult(later);
            failureResultOf(pending, CancelledError.class);
            assertEquals(new Succeeded<>("done"), successResultOf(dl).get(0));
        }

        @Test
        void inputWaitingOnAnInnerDeferredGetsItCancelled() {
            Deferred<String> outer = new Deferred<>();
            Deferred<String> inner = new Deferred<>();
            outer.addCallbackDeferred(r -> inner);
            outer.callback("go");
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(outer));

            dl.cancel();

            // inner's CancelledError was taken by outer (inner carries null now), then reached the list.
            assertTrue(inner.isCalled());
            assertTrue(successResultOf(dl).get(0).failure().check(CancelledError.class));
            failureResultOf(outer, CancelledError.class); // without consumeErrors it stays in the input
        }

        // Torsion: the list is a Deferred with a canceller, so if cancelling the inputs does not fire it
        // (here an input is paused), it fails with CancelledError; the input's later result is ignored.
        @Test
        void listThatStaysUnfiredAfterCancellingInputsFailsWithCancelledError() {
            Deferred<String> paused = new Deferred<>();
            paused.callback("held");
            paused.pause();
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(paused));

            dl.cancel();

            failureResultOf(dl, CancelledError.class);
            paused.unpause();
            assertEquals("held", successResultOf(paused));
        }

        @Test
        void emptyFireOnOneCallbackListFailsWithCancelledError() {
            Deferred<FirstResult<Object>> dl = DeferredList.fireOnOneCallback(List.of());
            dl.cancel();
            failureResultOf(dl, CancelledError.class);
        }

        @Test
        void cancelAfterTheListFiredDoesNothing() {
            Deferred<String> one = Deferred.succeed("x");
            Deferred<List<Outcome<String>>> dl = DeferredList.of(List.of(one));
            dl.cancel();
            assertEquals(List.of(new Succeeded<>("x")), successResultOf(dl));
        }
    }

    @Nested
    class OutcomeRecords {
        @Test
        void succeededHasAResultAndNoFailure() {
            Outcome<String> outcome = new Succeeded<>("r");
            assertTrue(outcome.succeeded());
            assertEquals("r", outcome.result());
            IllegalStateException e = assertThrows(IllegalStateException.class, outcome::failure);
            assertTrue(e.getMessage().contains("succeeded"), e.getMessage());
        }

        @Test
        void failedHasAFailureAndNoResult() {
            Failure failure = new Failure(new GenericError("bad"));
            Outcome<String> outcome = new Failed<>(failure);
            assertFalse(outcome.succeeded());
            assertSame(failure, outcome.failure());
            IllegalStateException e = assertThrows(IllegalStateException.class, outcome::result);
            assertTrue(e.getMessage().contains("bad"), e.getMessage());
            assertSame(failure.value(), e.getCause());
        }

        @Test
        void failedRefusesNull() {
            assertThrows(NullPointerException.class, () -> new Failed<String>(null));
        }

        @Test
        void allFailedCopiesItsList() {
            List<Failure> failures = new ArrayList<>(List.of(new Failure(new GenericError("x"))));
            AllFailed<String> allFailed = new AllFailed<>(failures);
            failures.clear();
            assertEquals(1, allFailed.failures().size());
        }
    }

    @Nested
    class OptionsRecord {
        @Test
        void defaultsAreAllOff() {
            Options defaults = Options.defaults();
            assertFalse(defaults.fireOnOneErrback());
            assertFalse(defaults.consumeErrors());
        }

        @Test
        void withMethodsReturnNewOptionsAndLeaveTheOriginal() {
            Options defaults = Options.defaults();
            Options both = defaults.withFireOnOneErrback(true).withConsumeErrors(true);
            assertTrue(both.fireOnOneErrback());
            assertTrue(both.consumeErrors());
            assertFalse(defaults.fireOnOneErrback());
            assertFalse(both.withConsumeErrors(false).consumeErrors());
            assertTrue(both.withConsumeErrors(false).fireOnOneErrback());
        }

        @Test
        void valueSemantics() {
            assertEquals(Options.defaults().withConsumeErrors(true), Options.defaults().withConsumeErrors(true));
            assertEquals(Options.defaults().withConsumeErrors(true).hashCode(),
                    Options.defaults().withConsumeErrors(true).hashCode());
            assertNotEquals(Options.defaults().withConsumeErrors(true), Options.defaults().withFireOnOneErrback(true));
            assertEquals("Options[fireOnOneErrback=true, consumeErrors=false]",
                    Options.defaults().withFireOnOneErrback(true).toString());
        }
    }

    @Nested
    class GatherResults {
        // test_gatherResults (success half)
        @Test
        void firesWithTheResultsInOrder() {
            Deferred<List<Integer>> d = DeferredList.gatherResults(List.of(Deferred.succeed(1), Deferred.succeed(2)));
            assertEquals(List.of(1, 2), successResultOf(d));
        }

        // test_gatherResults (failure half)
        @Test
        void failsWithFirstErrorOnTheFirstFailure() {
            Deferred<Integer> bad = Deferred.fail(new IllegalArgumentException());
            Deferred<List<Integer>> d = DeferredList.gatherResults(List.of(Deferred.succeed(1), bad));
            FirstError error = (FirstError) failureResultOf(d, FirstError.class).value();
            assertEquals(1, error.index());
            assertTrue(error.subFailure().check(IllegalArgumentException.class));
            bad.addErrback(f -> 1);
        }

        @Test
        void failsWithoutWaitingForTheOthers() {
            Deferred<String> pending = new Deferred<>();
            Deferred<String> failing = new Deferred<>();
            Deferred<List<String>> d = DeferredList.gatherResults(List.of(pending, failing), true);
            failing.errback(new GenericError("now"));
            failureResultOf(d, FirstError.class);
            assertNoResult(pending);
        }

        // test_gatherResultsWithConsumeErrors
        @Test
        void consumeErrorsTurnsTheInputsFailureIntoNull() {
            Deferred<Integer> good = Deferred.succeed(1);
            Deferred<Integer> bad = Deferred.fail(new RuntimeException("oh noes"));
            Deferred<List<Integer>> d = DeferredList.gatherResults(List.of(good, bad), true);
            List<Failure> unconsumed = new ArrayList<>();
            bad.addErrback(f -> {
                unconsumed.add(f);
                return null;
            });

            assertEquals(List.of(), unconsumed);
            FirstError error = (FirstError) failureResultOf(d, FirstError.class).value();
            assertInstanceOf(RuntimeException.class, error.subFailure().value());
            assertEquals("oh noes", error.subFailure().value().getMessage());
        }

        @Test
        void withoutConsumeErrorsTheFailureStaysInTheInput() {
            Deferred<Integer> bad = Deferred.fail(new GenericError("kept"));
            Deferred<List<Integer>> d = DeferredList.gatherResults(List.of(bad), false);
            failureResultOf(d, FirstError.class);
            failureResultOf(bad, GenericError.class);
        }

        @Test
        void emptyListFiresAtOnceWithEmptyList() {
            assertEquals(List.of(), successResultOf(DeferredList.<String>gatherResults(List.of())));
        }

        @Test
        void nullResultsAreKept() {
            Deferred<List<String>> d = DeferredList.gatherResults(List.of(Deferred.succeed("a"), Deferred.succeed(null)));
            assertEquals(Arrays.asList("a", null), successResultOf(d));
        }

        // test_cancelGatherResults
        @Test
        void cancelCancelsEveryInput() {
            Deferred<Void> one = new Deferred<>();
            Deferred<Void> two = new Deferred<>();
            Deferred<List<Void>> result = DeferredList.gatherResults(List.of(one, two));
            result.cancel();
            failureResultOf(one, CancelledError.class);
            failureResultOf(two, CancelledError.class);
            FirstError error = (FirstError) failureResultOf(result, FirstError.class).value();
            assertTrue(error.subFailure().check(CancelledError.class));
        }

        // test_cancelGatherResultsWithAllDeferredsCallback
        @Test
        void cancelFiresWithTheResultsWhenEveryInputCallsBack() {
            Deferred<String> one = callbackCancelled();
            Deferred<String> two = callbackCancelled();
            Deferred<List<String>> result = DeferredList.gatherResults(List.of(one, two));
            result.cancel();
            assertEquals(List.of("Callback Result", "Callback Result"), successResultOf(result));
        }
    }
}
