package io.torsion.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link UnhandledFailureWatch}: what a test harness sees at the end of a test. */
class UnhandledFailureWatchTest {
    @Test
    void seesAFailureLeftUnhandled() {
        try (UnhandledFailureWatch watch = UnhandledFailureWatch.start()) {
            Failure failure = new Failure(new IOException("left behind"));
            Deferred.fail(failure);
            assertEquals(List.of(failure), watch.pending());
        }
    }

    @Test
    void forgetsAFailureThatWasHandledAfterwards() {
        try (UnhandledFailureWatch watch = UnhandledFailureWatch.start()) {
            Deferred<String> d = Deferred.fail(new IOException());
            d.addErrback(f -> "handled");
            assertEquals(List.of(), watch.pending());
        }
    }

    @Test
    void seesOnlyWhatRestedWhileOpen() {
        Deferred<String> before = Deferred.fail(new IOException("before"));
        try (UnhandledFailureWatch watch = UnhandledFailureWatch.start()) {
            assertEquals(List.of(), watch.pending());
            Failure during = new Failure(new IOException("during"));
            Deferred.fail(during);
            assertSame(during, watch.pending().get(0));
            watch.clear();
            assertEquals(List.of(), watch.pending());
        }
        before.addErrback(f -> "handled");
        Deferred.fail(new IOException("after"));
    }
}
