package io.torsion.testing;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Trial's {@code SynchronousTestCase} assertions, as {@link DeferredAssertions} offers them. */
class DeferredAssertionsTest {
    @Test
    void successResultOfReturnsTheResultAndConsumesIt() {
        Deferred<String> d = Deferred.succeed("x");
        assertEquals("x", successResultOf(d));
        assertNull(successResultOf(d));
    }

    @Test
    void successResultOfSaysWhenThereIsNoResult() {
        AssertionError e = assertThrows(AssertionError.class, () -> successResultOf(new Deferred<String>()));
        assertTrue(e.getMessage().contains("found no result instead"), e.getMessage());
    }

    @Test
    void successResultOfSaysWhichFailureItFound() {
        IOException error = new IOException("broken");
        AssertionError e = assertThrows(AssertionError.class, () -> successResultOf(Deferred.fail(error)));
        assertTrue(e.getMessage().contains("found failure result instead: java.io.IOException: broken"),
                e.getMessage());
        assertSame(error, e.getCause());
    }

    @Test
    void failureResultOfReturnsTheFailureOfAnExpectedType() {
        Failure f = new Failure(new IOException());
        assertSame(f, failureResultOf(Deferred.fail(f), IllegalStateException.class, IOException.class));
        assertSame(f.value(), failureResultOf(Deferred.fail(f.value())).value());
    }

    @Test
    void failureResultOfSaysWhatItFoundInstead() {
        AssertionError none = assertThrows(AssertionError.class, () -> failureResultOf(new Deferred<String>()));
        assertTrue(none.getMessage().contains("found no result instead"), none.getMessage());
        AssertionError success = assertThrows(AssertionError.class, () -> failureResultOf(Deferred.succeed(5)));
        assertTrue(success.getMessage().contains("found success result (5) instead"), success.getMessage());
        AssertionError type = assertThrows(AssertionError.class,
                () -> failureResultOf(Deferred.fail(new IOException("io")), IllegalStateException.class));
        assertTrue(type.getMessage().contains("found type java.io.IOException instead"), type.getMessage());
    }

    @Test
    void assertNoResultPassesForAnUnfiredDeferredAndLeavesItAlone() {
        Deferred<String> d = new Deferred<>();
        assertNoResult(d);
        d.errback(new IOException("later"));
        failureResultOf(d, IOException.class);
    }

    @Test
    void assertNoResultSaysWhatItFound() {
        AssertionError success = assertThrows(AssertionError.class, () -> assertNoResult(Deferred.succeed("v")));
        assertTrue(success.getMessage().contains("found success result v instead"), success.getMessage());
        AssertionError failure = assertThrows(AssertionError.class,
                () -> assertNoResult(Deferred.fail(new IOException("f"))));
        assertTrue(failure.getMessage().contains("found failure result java.io.IOException: f instead"),
                failure.getMessage());
    }

    @Test
    void assertNoResultLetsALaterFailureThrough() {
        Deferred<String> d = new Deferred<>();
        assertNoResult(d);
        IOException error = new IOException("later");
        d.errback(error);
        assertSame(error, failureResultOf(d, IOException.class).value());
    }

    @Test
    void assertNoResultLetsALaterResultThrough() {
        Deferred<String> d = new Deferred<>();
        assertNoResult(d);
        d.callback("later");
        assertEquals("later", successResultOf(d));
    }

    @Test
    void assertNoResultFailsOnAResultAndConsumesAFailure() {
        assertThrows(AssertionError.class, () -> assertNoResult(Deferred.succeed("x")));
        Deferred<String> failed = Deferred.fail(new IOException("now"));
        AssertionError e = assertThrows(AssertionError.class, () -> assertNoResult(failed));
        assertSame(IOException.class, e.getCause().getClass());
        assertNull(successResultOf(failed), "consumed, so not reported as unhandled");
    }
}
