package io.torsion.testing;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torsion.defer.Deferred;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeferredAssertionsTest {
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
