package io.torsion.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples' command line: a bad argument gets the usage and status 2, not a silent run. */
@Timeout(180)
class ExampleOptionsTest {
    @Test
    void anUnknownArgumentPrintsTheUsageAndExitsWithStatusTwo() throws Exception {
        try (ExampleProcess program = ExampleProcess.start(PrintLaterTwice.class, "--bogus")) {
            assertEquals(List.of(), program.remainingLines(), program.describe());
            assertEquals(ExampleOptions.USAGE_ERROR, program.awaitExit(ExampleProcess.WAIT), program.describe());
            String stderr = program.stderr();
            assertTrue(stderr.contains("unknown argument: --bogus"), stderr);
            assertTrue(stderr.contains("usage: java io.torsion.examples.PrintLaterTwice [--stop-after-printing]"),
                    stderr);
        }
    }
}
