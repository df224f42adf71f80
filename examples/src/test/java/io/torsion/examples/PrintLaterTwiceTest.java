package io.torsion.examples;

import static io.torsion.examples.PrintLaterTest.MESSAGE;
import static io.torsion.examples.PrintLaterTest.assertArrivedAfterAboutOneSecond;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PrintLaterTwice}, run as a separate process, as a user runs it. */
@Timeout(180)
class PrintLaterTwiceTest {
    @Test
    void printsTheMessageTwiceAfterOneSecondAndStopsWhenAsked() throws Exception {
        try (ExampleProcess program = ExampleProcess.start(PrintLaterTwice.class,
                ExampleOptions.STOP_AFTER_PRINTING)) {
            ExampleProcess.Line first = program.expectLine();
            assertEquals(MESSAGE, first.text(), program.describe());
            assertArrivedAfterAboutOneSecond(program, first);
            assertEquals(List.of(MESSAGE), program.remainingLines(), program.describe());
            assertEquals(0, program.awaitExit(ExampleProcess.WAIT), program.describe());
        }
    }
}
