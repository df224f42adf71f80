package io.torsion.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Deferred collected while holding an unhandled failure is reported; one whose failure was
 * handled is not (Twisted's {@code DeferredTests.test_errorLog*}, TWISTED-NOTES.md).
 *
 * <p>Each test builds the Deferred in a helper method that returns only the id under which the
 * garbage collector's report will arrive, so nothing on the test's stack keeps the Deferred
 * alive; it then forces collection until that report comes (bounded), and reads it.
 */
class UnhandledFailureTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private final BlockingQueue<FailureTracker.Collected> collected = new LinkedBlockingQueue<>();
    private final Consumer<FailureTracker.Collected> listener = collected::add;

    @BeforeEach
    void listen() {
        FailureTracker.addListener(listener);
    }

    @AfterEach
    void stopListening() {
        FailureTracker.removeListener(listener);
        Deferred.setDebugging(false);
    }

    /** Forces collection until the tracker {@code id} has been run; returns its report (null: none). */
    private String reportFor(long id) throws InterruptedException {
        assertNotEquals(0, id, "the Deferred never tracked a failure");
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            System.gc();
            FailureTracker.Collected c;
            while ((c = collected.poll(50, TimeUnit.MILLISECONDS)) != null) {
                if (c.id() == id) {
                    return c.report();
                }
            }
        }
        return fail("the Deferred was not collected within " + BOUND);
    }

    private static long unhandled(String message) {
        Deferred<String> d = new Deferred<>();
        d.addCallback(s -> s);
        d.errback(new IOException(message));
        return d.trackerId();
    }

    @Test // test_errorLog: the report carries the failure and its stack
    void unhandledFailureIsReportedWithItsStack() throws Exception {
        String report = reportFor(unhandled("nobody handled me"));
        assertNotNull(report);
        assertTrue(report.startsWith("Unhandled error in Deferred:"), report);
        assertTrue(report.contains("java.io.IOException: nobody handled me"), report);
        assertTrue(report.contains("UnhandledFailureTest.unhandled"), report);
        assertTrue(report.contains("setDebugging(true)"), report);
    }

    private static long handledLater() {
        Deferred<String> d = Deferred.fail(new IOException("handled later"));
        long id = d.trackerId();
        d.addErrback(f -> "fine");
        return id;
    }

    @Test // test_errorLogWithInnerFrameRef... an errback that consumes it means no report
    void handledFailureIsNotReported() throws Exception {
        assertNull(reportFor(handledLater()));
    }

    private static long pausedWithFailure() {
        Deferred<String> d = new Deferred<>();
        d.pause();
        d.errback(new IOException("failed while paused"));
        return d.trackerId();
    }

    @Test // TWISTED-NOTES.md: reported even if the Deferred was paused when it failed
    void failureHeldWhilePausedIsReported() throws Exception {
        String report = reportFor(pausedWithFailure());
        assertNotNull(report);
        assertTrue(report.contains("failed while paused"), report);
    }

    private static long recoveredAfterFailing() {
        Deferred<String> d = new Deferred<>();
        d.errback(new IOException("first"));
        long id = d.trackerId();
        d.addErrback(f -> "recovered").addCallback(s -> {
            throw new IllegalStateException("failed again: " + s);
        });
        return id;
    }

    @Test // the report shows the failure held at the end, not an earlier one that was handled
    void reportShowsTheFinalFailure() throws Exception {
        String report = reportFor(recoveredAfterFailing());
        assertTrue(report.contains("failed again: recovered"), report);
        assertFalse(report.contains("IOException: first"), report);
    }

    private static long[] innerPassedToOuter() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x").addCallbackDeferred(x -> inner);
        inner.errback(new IOException("inner failed"));
        outer.addErrback(f -> "handled by outer");
        return new long[] {inner.trackerId(), outer.trackerId()};
    }

    @Test // a failure handed to a waiting Deferred is the outer one's, not the inner one's
    void failurePassedToAnOuterDeferredIsNotReportedOnTheInner() throws Exception {
        long[] ids = innerPassedToOuter();
        if (ids[0] != 0) {
            assertNull(reportFor(ids[0]));
        }
        if (ids[1] != 0) {
            assertNull(reportFor(ids[1]));
        }
    }

    private static long failedThroughTwoDeferreds() {
        Deferred<String> inner = new Deferred<>();
        Deferred<String> outer = Deferred.succeed("x").addCallbackDeferred(x -> inner);
        inner.errback(new IOException("deep"));
        return outer.trackerId();
    }

    @Test // debug: where this Deferred, and the one it waited on, were created and fired
    void debuggingShowsTheAsynchronousTrace() throws Exception {
        Deferred.setDebugging(true);
        String report = reportFor(failedThroughTwoDeferreds());
        assertNotNull(report);
        assertTrue(report.contains("(debug) this Deferred was created"), report);
        assertTrue(report.contains("(debug) Deferred #1 it waited on was created"), report);
        assertTrue(report.contains("(debug) Deferred #1 it waited on was first fired"), report);
        assertTrue(report.contains("failedThroughTwoDeferreds"), report);
        assertFalse(report.contains("setDebugging(true)"), report);
    }

    @Test // the debug switch is off by default and can be read back
    void debuggingSwitch() {
        assertFalse(Deferred.isDebugging());
        Deferred.setDebugging(true);
        assertTrue(Deferred.isDebugging());
        assertEquals(true, new Deferred<String>().trackerId() != 0);
    }
}
