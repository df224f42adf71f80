package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The callback chain of {@link Deferred}, ported from Twisted's {@code test_defer.py}
 * ({@code DeferredTests}). Each test names the Twisted test it follows where there is one.
 */
class DeferredTest {

    @Nested
    class Firing {
        @Test // test_callbackWithoutArgs
        void callbackRunsTheCallbackWithTheResult() {
            List<String> seen = new ArrayList<>();
            Deferred<String> d = new Deferred<>();
            d.addCallback(seen::add);
            d.callback("hello");
            assertEquals(List.of("hello"), seen);
        }

        @Test
        void callbackAddedAfterFiringRunsAtOnce() {
            Deferred<String> d = Deferred.succeed("x");
            List<String> seen = new ArrayList<>();
            d.addCallback(seen::add);
            assertEquals(List.of("x"), seen);
        }

        @Test
        void nullIsAResult() {
            Deferred<String> d = new Deferred<>();
            d.callback(null);
            assertNull(successResultOf(d));
        }

        @Test // test_alreadyCalled_CC
        void callbackTwiceThrowsAlreadyCalled() {
            Deferred<String> d = new Deferred<>();
            d.callback("a");
            assertThrows(AlreadyCalledError.class, () -> d.callback("b"));
            assertEquals("a", successResultOf(d));
        }

        @Test // test_alreadyCalled_CE
        void errbackAfterCallbackThrowsAlreadyCalled() {
            Deferred<String> d = new Deferred<>();
            d.callback("a");
            assertThrows(AlreadyCalledError.class, () -> d.errback(new IOException()));
        }

        @Test // test_alreadyCalled_EE
        void errbackTwiceThrowsAlreadyCalled() {
            Deferred<String> d = new Deferred<>();
            d.errback(new IOException("first"));
            assertThrows(AlreadyCalledError.class, () -> d.errback(new IOException("second")));
            assertEquals("first", failureResultOf(d, IOException.class).value().getMessage());
        }

        @Test // test_alreadyCalled_EC
        void callbackAfterErrbackThrowsAlreadyCalled() {
            Deferred<String> d = new Deferred<>();
            d.errback(new IOException());
            assertThrows(AlreadyCalledError.class, () -> d.callback("b"));
            failureResultOf(d, IOException.class);
        }

        @Test // test_alreadyCalledDebug_CC: the message shows where it was created and first fired
        void alreadyCalledWithDebuggingShowsTheStacks() {
            Deferred.setDebugging(true);
            try {
                Deferred<String> d = new Deferred<>();
                d.callback("a");
                AlreadyCalledError e = assertThrows(AlreadyCalledError.class, () -> d.callback("b"));
                assertTrue(e.getMessage().contains("was created"), e.getMessage());
                assertTrue(e.getMessage().contains("was first fired"), e.getMessage());
                assertTrue(e.getMessage().contains("alreadyCalledWithDebuggingShowsTheStacks"), e.getMessage());
            } finally {
                Deferred.setDebugging(false);
            }
        }

        @Test
        void alreadyCalledWithoutDebuggingSaysHowToSeeMore() {
            Deferred<String> d = Deferred.succeed("a");
            AlreadyCalledError e = assertThrows(AlreadyCalledError.class, () -> d.callback("b"));
            assertTrue(e.getMessage().contains("setDebugging"), e.getMessage());
        }

        @Test // Torsion refuses what Twisted 24.7 stopped refusing by accident (TWISTED-NOTES.md)
        void callbackWithADeferredIsRefused() {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Deferred<Object> d = new Deferred();
            assertThrows(IllegalArgumentException.class, () -> d.callback(new Deferred<String>()));
            assertFalse(d.isCalled());
        }

        @Test // callback(Failure) is errback(Failure), as in Twisted
        void callbackWithAFailureGoesDownTheErrbackPath() {
            Deferred<Object> d = new Deferred<>();
            d.callback(new Failure(new IOException("x")));
            failureResultOf(d, IOException.class);
        }

        @Test
        void errbackWithNullFailureIsRefused() {
            Deferred<Object> d = new Deferred<>();
            assertThrows(NullPointerException.class, () -> d.errback((Failure) null));
        }

        @Test // test_succeed / test_fail
        void succeedAndFailAreFired() {
            assertEquals(3, successResultOf(Deferred.succeed(3)));
            assertEquals("boom", failureResultOf(Deferred.fail(new IOException("boom")), IOException.class)
                    .value().getMessage());
            Failure f = new Failure(new IllegalStateException());
            assertSame(f, failureResultOf(Deferred.fail(f)));
        }
    }

    @Nested
    class Switching {
        @Test // test_callbackErrorPropagation... a callback that throws sends the chain to the errback path
        void throwingCallbackSwitchesToErrbacks() {
            List<String> seen = new ArrayList<>();
            Deferred<String> d = new Deferred<>();
            d.addCallback(s -> {
                throw new IOException("bad " + s);
            }).addCallback(x -> {
                seen.add("callback must not run");
                return x;
            }).addErrback(f -> {
                seen.add(f.getErrorMessage());
                return "recovered";
            }).addCallback(x -> {
                seen.add("after " + x);
                return x;
            });
            d.callback("input");
            assertEquals(List.of("java.io.IOException: bad input", "after recovered"), seen);
        }

        @Test // checked exceptions pass unchanged: the failure wraps exactly what was thrown
        void failureWrapsTheThrownExceptionItself() {
            IOException thrown = new IOException();
            Deferred<String> d = Deferred.succeed("x");
            Deferred<Object> after = d.addCallback(s -> {
                throw thrown;
            });
            assertSame(thrown, failureResultOf(after).value());
        }

        @Test // errors (not only exceptions) become failures too
        void errorsBecomeFailures() {
            Deferred<Object> d = Deferred.succeed("x").addCallback(s -> {
                throw new AssertionError("nope");
            });
            failureResultOf(d, AssertionError.class);
        }

        @Test // test_errbackWithNoArgs... an errback that returns a value sends the chain back
        void errbackThatReturnsRecovers() {
            Deferred<String> d = Deferred.<String>fail(new IOException()).addErrback(f -> "fine");
            assertEquals("fine", successResultOf(d));
        }

        @Test // Failure.trap re-raises what it does not match; the same Failure travels on
        void trapReraisesWhatItDoesNotMatch() {
            Deferred<String> d = new Deferred<>();
            List<Object> seen = new ArrayList<>();
            Failure original = new Failure(new IOException("x"));
            d.addErrback(f -> {
                f.trap(IllegalStateException.class);
                seen.add("trapped");
                return "no";
            }).addErrback(f -> {
                seen.add(f);
                f.trap(IOException.class);
                return "yes";
            });
            d.errback(original);
            assertEquals(List.of(original), seen);
            assertEquals("yes", successResultOf(d));
        }

        @Test // addCallbacks: the errback does not see the callback's own failure
        void addCallbacksRunsExactlyOneBranch() {
            List<String> seen = new ArrayList<>();
            Deferred<String> d = new Deferred<>();
            Deferred<String> after = d.addCallbacks(s -> {
                seen.add("cb");
                throw new IOException();
            }, f -> {
                seen.add("eb");
                return "eb";
            });
            d.callback("x");
            assertEquals(List.of("cb"), seen);
            failureResultOf(after, IOException.class);
        }

        @Test
        void addCallbacksRefusesNulls() {
            Deferred<String> d = new Deferred<>();
            assertThrows(NullPointerException.class, () -> d.addCallbacks(null, f -> "x"));
            assertThrows(NullPointerException.class, () -> d.addCallbacks(s -> s, null));
        }

        @Test // addBoth sees the result or the failure; returning it passes it through
        void addBothSeesEitherAndPassesThrough() {
            List<Object> seen = new ArrayList<>();
            Deferred<Object> ok = Deferred.succeed("v").addBoth(r -> {
                seen.add(r);
                return r;
            });
            Failure failure = new Failure(new IOException());
            Deferred<Object> bad = Deferred.<String>fail(failure).addBoth(r -> {
                seen.add(r);
                return r;
            });
            assertEquals(List.of("v", failure), seen);
            assertEquals("v", successResultOf(ok));
            assertSame(failure, failureResultOf(bad));
        }

        @Test
        void addFinallyRunsOnBothPathsAndPassesThrough() {
            List<String> seen = new ArrayList<>();
            assertEquals("v", successResultOf(Deferred.succeed("v").addFinally(() -> seen.add("a"))));
            failureResultOf(Deferred.fail(new IOException()).addFinally(() -> seen.add("b")), IOException.class);
            Deferred<String> throwing = Deferred.succeed("v").addFinally(() -> {
                throw new IllegalStateException("cleanup failed");
            });
            failureResultOf(throwing, IllegalStateException.class);
            assertEquals(List.of("a", "b"), seen);
        }

        @Test // a callback returning a Failure switches to the errback path, as in Twisted
        void callbackReturningAFailureSwitches() {
            Deferred<Object> d = Deferred.succeed("x").addCallback(x -> new Failure(new IOException()));
            failureResultOf(d, IOException.class);
        }

        @Test
        void callbackReturningItsOwnDeferredFails() {
            Deferred<String> d = new Deferred<>();
            Deferred<Object> after = d.addCallback(x -> d);
            d.callback("x");
            assertTrue(failureResultOf(after, IllegalStateException.class).getErrorMessage()
                    .contains("returned the Deferred it was attached to"));
        }
    }

    @Nested
    class Reentrancy {
        @Test // test_reentrantRunCallbacks: a callback added from a callback runs after it
        void callbackAddedFromACallbackRunsAfterIt() {
            List<String> seen = new ArrayList<>();
            Deferred<String> d = new Deferred<>();
            d.addCallback(r -> {
                d.addCallback(r2 -> {
                    seen.add("inner");
                    return r2;
                });
                seen.add("outer");
                return r;
            });
            d.callback("x");
            assertEquals(List.of("outer", "inner"), seen);
        }

        @Test // test_nonReentrantCallbacks
        void callbacksAddedDuringTheChainRunInOrder() {
            List<Integer> seen = new ArrayList<>();
            Deferred<Object> d = new Deferred<>();
            d.addCallback(r -> {
                d.addCallback(r2 -> seen.add(2));
                d.addCallback(r2 -> seen.add(3));
                seen.add(1);
                return r;
            });
            d.callback("x");
            assertEquals(List.of(1, 2, 3), seen);
        }

        @Test // test_reentrantRunCallbacksWithFailure
        void reentrantCallbackThatThrowsFailsTheChain() {
            Deferred<String> d = new Deferred<>();
            d.addCallback(r -> {
                d.addCallback(r2 -> {
                    throw new IOException("inner");
                });
                return r;
            });
            d.callback("x");
            failureResultOf(d, IOException.class);
        }
    }

    @Nested
    class ReturnedDeferreds {
        @Test // test_asynchronousImplicitChain: the outer chain waits for the inner Deferred
        void outerWaitsForInner() {
            Deferred<String> outer = new Deferred<>();
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> after = outer.addCallbackDeferred(s -> inner).addCallback(n -> n + 1);
            outer.callback("x");
            assertNoResult(after);
            assertTrue(outer.isWaiting());
            assertTrue(outer.isPaused());
            inner.callback(41);
            assertEquals(42, successResultOf(after));
            assertFalse(outer.isWaiting());
        }

        @Test // test_synchronousImplicitChain: an inner Deferred with a result is taken at once
        void firedInnerIsTakenSynchronously() {
            Deferred<Integer> inner = Deferred.succeed(7);
            Deferred<Integer> outer = Deferred.succeed("x").addCallbackDeferred(s -> inner);
            assertEquals(7, successResultOf(outer));
            // The result was taken by the outer Deferred: the inner one now carries null (Twisted).
            assertNull(successResultOf(inner));
        }

        @Test // TWISTED-NOTES.md: a callback added to the inner Deferred afterwards sees null
        void innerCallbackAddedLaterSeesNull() {
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> outer = Deferred.succeed("x").addCallbackDeferred(s -> inner);
            inner.callback(5);
            assertEquals(5, successResultOf(outer));
            List<Object> seen = new ArrayList<>();
            inner.addCallback(seen::add);
            assertEquals(java.util.Collections.singletonList(null), seen);
        }

        @Test // callbacks added to the inner Deferred before it was returned run first
        void innerCallbacksRunBeforeTheOuterContinues() {
            List<String> seen = new ArrayList<>();
            Deferred<Integer> inner = new Deferred<>();
            inner.addCallback(n -> {
                seen.add("inner " + n);
                return n * 2;
            });
            Deferred<Integer> outer = Deferred.succeed("x").addCallbackDeferred(s -> inner);
            outer.addCallback(n -> seen.add("outer " + n));
            inner.callback(3);
            assertEquals(List.of("inner 3", "outer 6"), seen);
        }

        @Test // an inner failure flows on down the outer errback path, and is not reported on the inner
        void innerFailureFlowsToOuter() {
            Deferred<Integer> inner = new Deferred<>();
            Deferred<Integer> outer = Deferred.succeed("x").addCallbackDeferred(s -> inner);
            inner.errback(new IOException("inner failed"));
            assertEquals("inner failed", failureResultOf(outer, IOException.class).value().getMessage());
            assertNull(successResultOf(inner));
        }

        @Test // an errback may return a Deferred too
        void errbackReturningADeferred() {
            Deferred<String> inner = new Deferred<>();
            Deferred<String> outer = Deferred.<String>fail(new IOException()).addErrbackDeferred(f -> inner);
            assertNoResult(outer);
            inner.callback("recovered");
            assertEquals("recovered", successResultOf(outer));
        }

        @Test // a plain addCallback returning a Deferred at run time is chained too
        void untypedReturnedDeferredIsChained() {
            Deferred<String> inner = new Deferred<>();
            Deferred<Object> outer = Deferred.succeed("x").addCallback(s -> inner);
            inner.callback("y");
            assertEquals("y", successResultOf(outer));
        }

        @Test // test_nestedAsynchronousChainedDeferreds: A waits on B which waits on C
        void nestedWaitingDeferreds() {
            Deferred<String> c = new Deferred<>();
            Deferred<String> b = Deferred.succeed("b").addCallbackDeferred(x -> c);
            Deferred<String> a = Deferred.succeed("a").addCallbackDeferred(x -> b);
            assertNoResult(a);
            c.callback("c");
            assertEquals("c", successResultOf(a));
        }

        @Test // the returned Deferred is paused: the outer waits until it is unpaused
        void pausedInnerWithResultIsWaitedFor() {
            Deferred<String> inner = Deferred.succeed("i");
            inner.pause();
            Deferred<String> outer = Deferred.succeed("o").addCallbackDeferred(x -> inner);
            assertNoResult(outer);
            inner.unpause();
            assertEquals("i", successResultOf(outer));
        }

        @Test // TWISTED-NOTES.md: 100 000 Deferreds, each waiting on the next, fire without overflow
        void longChainOfWaitingDeferredsIsIterative() {
            int n = 100_000;
            List<Deferred<Integer>> ds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ds.add(new Deferred<>());
            }
            for (int i = 0; i < n - 1; i++) {
                Deferred<Integer> next = ds.get(i + 1);
                ds.get(i).addCallbackDeferred(x -> next);
            }
            for (int i = 0; i < n - 1; i++) {
                ds.get(i).callback(i);
            }
            Deferred<Integer> first = ds.get(0).addCallback(x -> x + 1);
            ds.get(n - 1).callback(-1);
            assertEquals(0, successResultOf(first));
        }

        @Test // a chain that ends waiting builds up from the innermost when fired in the other order
        void longChainBuiltInnermostFirst() {
            Deferred<Integer> innermost = new Deferred<>();
            Deferred<Integer> current = innermost;
            for (int i = 0; i < 100_000; i++) {
                Deferred<Integer> inner = current;
                current = Deferred.succeed(0).addCallbackDeferred(x -> inner).addCallback(x -> x + 1);
            }
            innermost.callback(0);
            assertEquals(100_000, successResultOf(current));
        }
    }

    @Nested
    class ChainDeferred {
        @Test // test_chainDeferred... chainDeferred fires the other with this chain's result
        void chainDeferredFiresTheOther() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            Deferred<Void> after = a.chainDeferred(b);
            a.callback("x");
            assertEquals("x", successResultOf(b));
            assertNull(successResultOf(after));
        }

        @Test
        void chainDeferredPassesFailures() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.chainDeferred(b);
            a.errback(new IOException());
            failureResultOf(b, IOException.class);
            assertNull(successResultOf(a));
        }

        @Test // firing the chained one does not affect the first
        void firingTheOtherDoesNotAffectThisOne() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.chainDeferred(b);
            b.callback("b");
            assertNoResult(a);
            a.callback("a");
            // The second firing of b is an AlreadyCalledError in a's chain.
            failureResultOf(a, AlreadyCalledError.class);
        }

        @Test
        void chainDeferredToItselfIsRefused() {
            Deferred<String> a = new Deferred<>();
            assertThrows(IllegalArgumentException.class, () -> a.chainDeferred(a));
        }

        @Test // TWISTED-NOTES.md: chainDeferred is iterative (Twisted #3229 is still recursive)
        void longChainDeferredIsIterative() {
            int n = 100_000;
            Deferred<Integer> first = new Deferred<>();
            Deferred<Integer> last = first;
            for (int i = 0; i < n; i++) {
                Deferred<Integer> next = new Deferred<>();
                last.chainDeferred(next);
                last = next;
            }
            first.callback(9);
            assertEquals(9, successResultOf(last));
        }

        @Test // steps after chainDeferred run after the chained one's whole chain, with null
        void stepsAfterChainDeferredRunAfterTheTarget() {
            List<String> seen = new ArrayList<>();
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            b.addCallback(x -> seen.add("b " + x));
            a.chainDeferred(b).addCallback(x -> seen.add("a " + x));
            a.callback("x");
            assertEquals(List.of("b x", "a null"), seen);
        }

        @Test // a cancelled target without canceller swallows the chained firing, as its callback would
        void chainToCancelledDeferredIsSwallowed() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            a.chainDeferred(b);
            b.cancel();
            failureResultOf(b, CancelledError.class);
            a.callback("x");
            assertNull(successResultOf(a));
        }

        @Test // a paused target keeps the result until it is unpaused; this chain goes on
        void chainToPausedDeferred() {
            Deferred<String> a = new Deferred<>();
            Deferred<String> b = new Deferred<>();
            b.pause();
            List<String> seen = new ArrayList<>();
            a.chainDeferred(b).addCallback(x -> seen.add("a done"));
            a.callback("x");
            assertEquals(List.of("a done"), seen);
            assertNoResult(b);
            b.unpause();
            assertEquals("x", successResultOf(b));
        }
    }

    @Nested
    class Pausing {
        @Test // test_pausedDeferred... nothing runs while paused
        void pausedDeferredRunsNothingUntilUnpaused() {
            List<String> seen = new ArrayList<>();
            Deferred<String> d = new Deferred<>();
            d.pause();
            d.addCallback(seen::add);
            d.callback("x");
            assertEquals(List.of(), seen);
            d.unpause();
            assertEquals(List.of("x"), seen);
        }

        @Test // pauses nest
        void pausesNest() {
            List<String> seen = new ArrayList<>();
            Deferred<String> d = Deferred.succeed("x");
            d.pause();
            d.pause();
            d.addCallback(seen::add);
            d.unpause();
            assertEquals(List.of(), seen);
            d.unpause();
            assertEquals(List.of("x"), seen);
        }

        @Test
        void unpauseBeforeFiringRunsNothing() {
            Deferred<String> d = new Deferred<>();
            d.pause();
            d.unpause();
            assertFalse(d.isPaused());
            assertNoResult(d);
        }

        @Test // TWISTED-NOTES.md: unpause without pause throws (Twisted leaves the Deferred stuck)
        void unpauseWithoutPauseThrows() {
            Deferred<String> d = Deferred.succeed("x");
            IllegalStateException e = assertThrows(IllegalStateException.class, d::unpause);
            assertTrue(e.getMessage().contains("not paused"));
            assertEquals("x", successResultOf(d));
        }
    }

    @Nested
    class Misc {
        @Test // test_maybeDeferredSync
        void maybeDeferredWrapsAValue() {
            assertEquals(5, successResultOf(Deferred.<Integer>maybeDeferred(() -> 5)));
        }

        @Test // test_maybeDeferredSyncException
        void maybeDeferredWrapsAnException() {
            Deferred<Integer> d = Deferred.maybeDeferred(() -> {
                throw new IOException("sync");
            });
            failureResultOf(d, IOException.class);
        }

        @Test // test_maybeDeferredAsync
        void maybeDeferredReturnsTheDeferredItself() {
            Deferred<String> inner = new Deferred<>();
            assertSame(inner, Deferred.<String>maybeDeferred(() -> inner));
        }

        @Test
        void maybeDeferredWrapsAReturnedFailure() {
            failureResultOf(Deferred.maybeDeferred(() -> new Failure(new IOException())), IOException.class);
        }

        @Test // test_reprs / __str__
        void toStringSaysWhatItHolds() {
            Deferred<String> d = new Deferred<>();
            assertTrue(d.toString().matches("<Deferred@[0-9a-f]+>"), d.toString());
            d.callback("orange");
            assertTrue(d.toString().endsWith(" current result: orange>"), d.toString());
            Deferred<String> inner = new Deferred<>();
            Deferred<String> waiting = Deferred.succeed("x").addCallbackDeferred(x -> inner);
            assertTrue(waiting.toString().contains("waiting on Deferred@"), waiting.toString());
            Deferred<String> failed = Deferred.fail(new IOException("no"));
            assertTrue(failed.toString().contains("[Failure: java.io.IOException: no]"), failed.toString());
            failureResultOf(failed);
            inner.callback("done");
        }
    }
}
