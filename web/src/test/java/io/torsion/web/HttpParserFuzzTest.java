package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the request parser with Jazzer. Under {@code mvn verify} it replays the corpus in
 * {@code src/test/resources/io/torsion/web/HttpParserFuzzTestInputs/parse}; with {@code JAZZER_FUZZ=1}
 * it searches for new inputs. The properties: no exception escapes, at most one failure, and the
 * events are the same whole and byte by byte.
 */
class HttpParserFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        HttpSettings settings = HttpSettings.defaults().withHeaderLimits(64, 256, 8).withMaxBodySize(1000);
        HttpParserTest.Recorder whole = HttpParserTest.run(settings, List.of(input));
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i < input.length; i++) {
            bytes.add(Arrays.copyOfRange(input, i, i + 1));
        }
        HttpParserTest.Recorder split = HttpParserTest.run(settings, bytes);
        assertTrue(whole.failures <= 1);
        assertEquals(whole.events, split.events);
        assertEquals(whole.bodies.size(), split.bodies.size());
        for (int i = 0; i < whole.bodies.size(); i++) {
            assertTrue(Arrays.equals(whole.bodies.get(i), split.bodies.get(i)));
        }
    }
}
