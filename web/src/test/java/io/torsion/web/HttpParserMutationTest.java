package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid requests at random (fixed seeds, so every run is the same) and checks that the
 * parser never throws, reads at most what was sent, fails at most once, and reports exactly the same
 * events however the input is cut.
 */
class HttpParserMutationTest {
    static final List<String> SEEDS = List.of(
            "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
            "POST /p?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: x\r\n\r\n",
            "GET http://h/x HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
    static final byte[] INTERESTING = " \t\r\n:;,0123456789abcdefABCDEF-+/%.\0\u007f\u0080\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    static byte[] mutate(byte[] in, Random random) {
        byte[] out = in.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            byte b = INTERESTING[random.nextInt(INTERESTING.length)];
            switch (random.nextInt(3)) {
                case 0 -> out[at] = b;
                case 1 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                default -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
            }
        }
        return out;
    }

    static List<String> events(List<byte[]> chunks) {
        HttpParserTest.Recorder r = HttpParserTest.run(HttpSettings.defaults().withHeaderLimits(64, 256, 8), chunks);
        List<String> events = new ArrayList<>(r.events);
        for (byte[] b : r.bodies) {
            events.add("body " + new String(b, StandardCharsets.ISO_8859_1));
        }
        assertTrue(r.failures <= 1, events.toString());
        return events;
    }

    @Test
    void mutatedRequestsParseTheSameHoweverCut() {
        Random random = new Random(20261125);
        for (int i = 0; i < 3000; i++) {
            byte[] base = SEEDS.get(i % SEEDS.size()).getBytes(StandardCharsets.ISO_8859_1);
            byte[] input = mutate(base, random);
            List<String> whole = events(List.of(input));
            List<byte[]> cut = new ArrayList<>();
            for (int p = 0; p < input.length; ) {
                int n = 1 + random.nextInt(7);
                cut.add(Arrays.copyOfRange(input, p, Math.min(input.length, p + n)));
                p += n;
            }
            String shown = new String(input, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
            assertEquals(whole, events(cut), shown);
            List<byte[]> bytes = new ArrayList<>();
            for (byte b : input) {
                bytes.add(new byte[] {b});
            }
            assertEquals(whole, events(bytes), shown);
        }
    }
}
