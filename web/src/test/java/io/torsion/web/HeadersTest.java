package io.torsion.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeadersTest {
    /** Every behaviour below must hold with few fields (scanned) and many (indexed). */
    private static Headers withFiller(int filler) {
        Headers h = new Headers();
        for (int i = 0; i < filler; i++) {
            h.addRawHeader("X-Filler-" + i, "v" + i);
        }
        return h;
    }

    @Test
    void lookupsIgnoreAsciiCaseWhateverTheNumberOfFields() {
        for (int filler : new int[] {0, 5, 11, 12, 13, 40}) {
            Headers h = withFiller(filler);
            h.addRawHeader("Content-Type", "text/plain");
            h.addRawHeader("content-TYPE", "text/html");
            assertEquals(List.of("text/plain", "text/html"), h.getRawHeaders("CONTENT-type"), "filler " + filler);
            assertEquals(Optional.of("text/html"), h.getLast("content-type"));
            assertTrue(h.hasHeader("CONTENT-TYPE"));
            assertFalse(h.hasHeader("Content-Typ"));
            assertFalse(h.hasHeader("Content-Type2"));
            assertEquals("Content-Type", h.names().get(filler), "the first spelling is kept");
            assertTrue(h.getRawHeaders("x-filler-0").size() == (filler > 0 ? 1 : 0));
        }
    }

    @Test
    void onlyAsciiLettersFoldCase() {
        for (int filler : new int[] {0, 20}) {
            Headers h = withFiller(filler);
            h.addRawHeader("X-\u00c9t\u00e9", "1");
            assertTrue(h.hasHeader("x-\u00c9T\u00e9"));
            assertFalse(h.hasHeader("x-\u00e9t\u00e9"), "\u00c9 and \u00e9 are different bytes of a name");
            h.addRawHeader("A[", "1");
            assertFalse(h.hasHeader("a{"), "[ and { differ only in bit 0x20 but are not letters");
        }
    }

    @Test
    void setKeepsThePlaceAndTakesTheNewSpellingRemoveForgets() {
        for (int filler : new int[] {0, 20}) {
            Headers h = withFiller(filler);
            h.addRawHeader("A", "1");
            h.addRawHeader("B", "2");
            h.setRawHeaders("a", List.of("3", "4"));
            List<String> names = h.names();
            assertEquals(List.of("a", "B"), names.subList(filler, names.size()));
            assertEquals(List.of("3", "4"), h.getRawHeaders("A"));
            h.removeHeader("A");
            assertFalse(h.hasHeader("a"));
            h.addRawHeader("A", "5");
            names = h.names();
            assertEquals(List.of("B", "A"), names.subList(filler, names.size()));
            h.setRawHeaders("b", List.of());
            assertFalse(h.hasHeader("B"));
        }
    }

    @Test
    void growingPastTheIndexKeepsEveryField() {
        Headers h = new Headers();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            h.addRawHeader("Name-" + i, "a");
            h.addRawHeader("NAME-" + i, "b");
            expected.add("Name-" + i);
        }
        assertEquals(expected, h.names());
        for (int i = 0; i < 500; i++) {
            assertEquals(List.of("a", "b"), h.getRawHeaders("name-" + i));
        }
    }

    @Test
    void hasTokenReadsCommaSeparatedLists() {
        Headers h = new Headers();
        h.addRawHeader("Connection", "keep-alive, Close");
        assertTrue(h.hasToken("connection", "close"));
        assertFalse(h.hasToken("connection", "upgrade"));
        assertFalse(h.hasToken("Upgrade", "close"));
    }

    @Test
    void theHeadIsSerialisedAsLatin1InFieldOrder() {
        Headers h = new Headers();
        h.addRawHeader("Content-Type", "text/plain");
        h.addRawHeader("Set-Cookie", "a=1");
        h.addRawHeader("Set-Cookie", "b=\u00e9");
        h.addRawHeader("X-Wide", "\u20ac");
        byte[] expected = ("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\n"
                + "Set-Cookie: b=\u00e9\r\nX-Wide: ?\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, ResponseWriter.serialize(404, "Not Found", h));
        assertArrayEquals("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                ResponseWriter.serialize(200, "OK", new Headers()));
    }
}
