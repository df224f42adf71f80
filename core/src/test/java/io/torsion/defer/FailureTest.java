package io.torsion.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import org.junit.jupiter.api.Test;

/** {@link Failure}, following Twisted's {@code test_failure.py} where it applies to Java. */
class FailureTest {
    private final IOException error = new FileNotFoundException("missing.txt");
    private final Failure failure = new Failure(error);

    @Test
    void wrapsTheThrowable() {
        assertSame(error, failure.value());
        assertEquals(FileNotFoundException.class, failure.type());
        assertThrows(NullPointerException.class, () -> new Failure(null));
    }

    @Test // test_trapRaisesWrappedException... check matches subclasses
    void checkMatchesTheTypeAndItsSupertypes() {
        assertTrue(failure.check(IOException.class));
        assertTrue(failure.check(IllegalStateException.class, FileNotFoundException.class));
        assertFalse(failure.check(IllegalStateException.class));
        assertFalse(failure.check());
    }

    @Test
    void trapReturnsTheFirstMatchingType() throws Exception {
        assertEquals(IOException.class, failure.trap(IllegalStateException.class, IOException.class));
    }

    @Test // test_trapRaisesWrappedException: what does not match is thrown unchanged
    void trapRethrowsTheOriginalWhenNothingMatches() {
        IOException thrown = assertThrows(IOException.class, () -> failure.trap(IllegalStateException.class));
        assertSame(error, thrown);
    }

    @Test
    void raiseExceptionThrowsErrorsAsThemselves() {
        AssertionError e = new AssertionError("x");
        assertSame(e, assertThrows(AssertionError.class, () -> new Failure(e).raiseException()));
    }

    @Test
    void aThrowableThatIsNeitherExceptionNorErrorIsWrapped() {
        Throwable odd = new Throwable("odd");
        UndeclaredThrowableException e = assertThrows(UndeclaredThrowableException.class,
                () -> new Failure(odd).raiseException());
        assertSame(odd, e.getUndeclaredThrowable());
    }

    @Test // getErrorMessage
    void errorMessageNamesTheTypeAndMessage() {
        assertEquals("java.io.FileNotFoundException: missing.txt", failure.getErrorMessage());
        assertEquals("java.lang.IllegalStateException", new Failure(new IllegalStateException()).getErrorMessage());
    }

    @Test // a readable toString with the original stack
    void toStringShowsTheOriginalStack() {
        String text = failure.toString();
        assertTrue(text.startsWith("[Failure: java.io.FileNotFoundException: missing.txt]"), text);
        assertTrue(text.contains("io.torsion.defer.FailureTest.<init>"), text);
        assertTrue(failure.getTraceback().contains("FileNotFoundException: missing.txt"));
    }
}
