package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static io.torsion.internet.ReactorRunner.runReactor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocked-loop watchdog and the loop lag figure. */
@Timeout(120)
class SelectorReactorWatchdogTest {
    /** A handler with a name the warning must show; it holds the loop until the warning is logged. */
    static final class SlowHandler implements Runnable {
        final CountDownLatch warned = new CountDownLatch(1);
        long heldNanos;

        @Override
        public void run() {
            long start = System.nanoTime();
            try {
                warned.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            heldNanos = System.nanoTime() - start;
        }

        @Override
        public String toString() {
            return "SlowHandler(test)";
        }
    }

    @Test
    void aHandlerHoldingTheLoopIsReportedWithTheReactorStack() throws Exception {
        SlowHandler slow = new SlowHandler();
        RecordingLogger log = new RecordingLogger() {
            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                super.log(level, bundle, msg, thrown);
                if (level == Level.WARNING) {
                    slow.warned.countDown();
                }
            }
        };
        SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log)
                .withWatchdogThreshold(Duration.ofMillis(50)));
        reactor.callLater(0, slow);
        reactor.callLater(0.01, reactor::stop);
        runReactor(reactor);
        assertEquals(0, slow.warned.getCount(), "no warning was logged");
        RecordingLogger.Entry warning = log.at(System.Logger.Level.WARNING).get(0);
        assertTrue(warning.message().contains("SlowHandler(test)"), warning.message());
        assertTrue(warning.message().contains("50 ms"), warning.message());
        assertNotNull(warning.error(), "the reactor thread's stack is attached");
        assertTrue(Arrays.stream(warning.error().getStackTrace())
                .anyMatch(f -> f.getClassName().equals(SlowHandler.class.getName())), "stack shows the handler");
        // The warning came after at least the threshold, and the lag figure shows the held turn.
        assertTrue(slow.heldNanos >= TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(1, log.at(System.Logger.Level.WARNING).size(), "one warning per blocking handler");
        LoopLag lag = reactor.getLoopLag();
        assertTrue(lag.max().toMillis() >= 50, lag.toString());
        assertTrue(lag.turns() > 0);
    }

    @Test
    void loopLagIsMeasuredWithoutTheWatchdog() {
        SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(new RecordingLogger()));
        assertEquals(Duration.ZERO, reactor.getLoopLag().max());
        reactor.callLater(0, () -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        reactor.callLater(0.01, reactor::stop);
        runReactor(reactor);
        LoopLag lag = reactor.getLoopLag();
        assertTrue(lag.max().toMillis() >= 20, lag.toString());
        assertTrue(lag.last().compareTo(lag.max()) <= 0);
    }

    @Test
    void theWatchdogIsOffByDefaultAndSwitchedOnByAProperty() {
        assertEquals(false, ReactorOptions.defaults().watchdogEnabled());
        assertEquals(Duration.ofSeconds(2), ReactorOptions.defaults().watchdogThreshold());
        String old = System.getProperty(ReactorOptions.WATCHDOG_PROPERTY);
        try {
            System.setProperty(ReactorOptions.WATCHDOG_PROPERTY, "true");
            assertTrue(ReactorOptions.defaults().watchdogEnabled());
            System.setProperty(ReactorOptions.WATCHDOG_PROPERTY, "250");
            assertEquals(Duration.ofMillis(250), ReactorOptions.defaults().watchdogThreshold());
            System.setProperty(ReactorOptions.WATCHDOG_PROPERTY, "soon");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, ReactorOptions::defaults);
        } finally {
            if (old == null) {
                System.clearProperty(ReactorOptions.WATCHDOG_PROPERTY);
            } else {
                System.setProperty(ReactorOptions.WATCHDOG_PROPERTY, old);
            }
        }
    }
}
