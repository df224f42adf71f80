package io.torsion.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.OS;

/** {@link PrintLater}, run as a separate process, as a user runs it. */
@Timeout(180)
class PrintLaterTest {
    static final String MESSAGE = "The future is now!";
    /** The exit status of a JVM ended by SIGTERM (128 + 15). */
    static final int SIGTERM_STATUS = 143;

    @Test
    void printsTheMessageAfterOneSecondAndStopsWhenAsked() throws Exception {
        try (ExampleProcess program = ExampleProcess.start(PrintLater.class, ExampleOptions.STOP_AFTER_PRINTING)) {
            ExampleProcess.Line first = program.expectLine();
            assertEquals(MESSAGE, first.text(), program.describe());
            assertArrivedAfterAboutOneSecond(program, first);
            assertEquals(List.of(), program.remainingLines(), program.describe());
            assertEquals(0, program.awaitExit(ExampleProcess.WAIT), program.describe());
        }
    }

    @Test
    void keepsRunningAfterPrintingUntilSigtermStopsItCleanly() throws Exception {
        assumeFalse(OS.WINDOWS.isCurrentOs(), "destroy() is not a signal on Windows: no shutdown hook runs");
        try (ExampleProcess program = ExampleProcess.start(PrintLater.class)) {
            ExampleProcess.Line first = program.expectLine();
            assertEquals(MESSAGE, first.text(), program.describe());
            assertArrivedAfterAboutOneSecond(program, first);

            program.terminate();
            // A clean stop takes milliseconds; the bound stays below the shutdown hook's own
            // 15 s timeout, so a shutdown stuck until the hook gives up fails here.
            int status = program.awaitExit(Duration.ofSeconds(10));
            assertEquals(SIGTERM_STATUS, status, program.describe());
            assertEquals(List.of(), program.remainingLines(), program.describe());
            String stderr = program.stderr();
            assertFalse(stderr.contains("WARNING") || stderr.contains("SEVERE"),
                    "the shutdown logged a problem:\n" + stderr);
        }
    }

    static void assertArrivedAfterAboutOneSecond(ExampleProcess program, ExampleProcess.Line line) {
        double seconds = program.secondsToArrival(line);
        // The program waits 1 s after its JVM has started, which is later than our clock started.
        assertTrue(seconds >= 0.9, "printed after " + seconds + " s, expected 1 s or more");
        assertTrue(seconds <= ExampleProcess.WAIT.toSeconds(), "printed after " + seconds + " s");
    }
}
