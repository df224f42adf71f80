package io.torsion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line: what it says, and that it redraws and clears in place. */
class StatusLineTest {
    @Test
    void sizesUseBinaryUnits() {
        assertEquals("0 B", StatusLine.size(0));
        assertEquals("1023 B", StatusLine.size(1023));
        assertEquals("1.0 KiB", StatusLine.size(1024));
        assertEquals("1.5 MiB", StatusLine.size(1024 * 1024 * 3 / 2));
    }

    @Test
    void rendersEachRunningDownloadAndFitsTheWidth() {
        Download a = new Download(null, "http://h/big.iso", null);
        Download b = new Download(null, "http://h/", null);
        assertEquals("big.iso 0 B | index.html 0 B", StatusLine.render(List.of(a, b)));
        Download longName = new Download(null, "http://h/" + "x".repeat(200), null);
        String text = StatusLine.render(List.of(longName));
        assertEquals(StatusLine.WIDTH, text.length());
        assertTrue(text.endsWith("..."), text);
    }

    @Test
    void redrawBlanksALongerLineAndClearLeavesNothing() {
        StringWriter out = new StringWriter();
        StatusLine line = new StatusLine(new PrintWriter(out, true));
        line.clear();
        assertEquals("", out.toString());
        line.draw(List.of(new Download(null, "http://h/abcdef", null)));
        assertEquals("\rabcdef 0 B", out.toString());
        line.draw(List.of(new Download(null, "http://h/abc", null)));
        assertEquals("\rabcdef 0 B\rabc 0 B   ", out.toString());
        line.clear();
        assertEquals("\rabcdef 0 B\rabc 0 B   \r       \r", out.toString());
    }
}
