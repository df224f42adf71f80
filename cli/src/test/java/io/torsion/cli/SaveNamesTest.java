package io.torsion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** File names for torsion get -o: last segment, index.html, unique, never outside the folder. */
class SaveNamesTest {
    @Test
    void namesComeFromTheLastDecodedSegment() {
        assertEquals("notes.txt", SaveNames.lastSegment("http://h/a/b/notes.txt"));
        assertEquals("notes.txt", SaveNames.lastSegment("http://h/notes.txt?x=1#top"));
        assertEquals("my file.txt", SaveNames.lastSegment("http://h/my%20file.txt"));
        assertEquals("index.html", SaveNames.lastSegment("http://h/a/"));
        assertEquals("index.html", SaveNames.lastSegment("http://h"));
        assertEquals("a_bad_url", SaveNames.lastSegment("a_bad_url"));
        assertEquals("%zz", SaveNames.lastSegment("http://h/%25zz"));
    }

    @Test
    void sameNameIsMadeUnique() throws Exception {
        Path dir = Files.createTempDirectory("torsion-names");
        Files.writeString(dir.resolve("taken.txt"), "here first");
        SaveNames names = new SaveNames(dir);
        assertEquals(dir.resolve("index.html"), names.pick("http://h/"));
        assertEquals(dir.resolve("index.html.1"), names.pick("http://other/index.html"));
        assertEquals(dir.resolve("index.html.2"), names.pick("http://h/a/"));
        assertEquals(dir.resolve("taken.txt.1"), names.pick("http://h/taken.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/%2e%2e", "http://h/a/..", "http://h/.", "http://h/..%2F..%2Fetc%2Fpasswd",
        "http://h/a%5Cb", "http://h/a%00b", "http://h/%2E%2E"})
    void namesThatWouldLeaveTheFolderAreRefused(String url) throws Exception {
        SaveNames names = new SaveNames(Files.createTempDirectory("torsion-names"));
        assertThrows(SaveNames.UnsafeNameError.class, () -> names.pick(url));
    }
}
