package io.torsion.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Twisted's FirstErrorTests (test_defer.py). */
class FirstErrorTest {

    // test_repr: Twisted's repr shows the index and the sub-failure's exception
    @Test
    void toStringShowsTheIndexAndTheSubFailuresError() {
        Failure failure = new Failure(new IllegalArgumentException("some text"));
        FirstError error = new FirstError(failure, 3);
        assertEquals("FirstError[#3, java.lang.IllegalArgumentException: some text]", error.toString());
    }

    // test_str: the message names the index and the sub-failure; the sub-failure's stack is the cause
    @Test
    void messageShowsTheIndexAndTheSubFailureAndTheCauseIsItsError() {
        IllegalArgumentException cause = new IllegalArgumentException("some text");
        FirstError error = new FirstError(new Failure(cause), 5);
        assertEquals("FirstError[#5, java.lang.IllegalArgumentException: some text]", error.getMessage());
        assertSame(cause, error.getCause());
    }

    @Test
    void accessors() {
        Failure failure = new Failure(new IllegalStateException());
        FirstError error = new FirstError(failure, 2);
        assertSame(failure, error.subFailure());
        assertEquals(2, error.index());
    }

    // test_comparison
    @Test
    void equalIfAndOnlyIfSameFailureAndIndex() {
        Failure firstFailure = new Failure(new ArithmeticException("/ by zero"));
        FirstError one = new FirstError(firstFailure, 13);
        FirstError anotherOne = new FirstError(firstFailure, 13);
        FirstError another = new FirstError(new Failure(new IllegalArgumentException("bar")), 9);

        assertEquals(one, anotherOne);
        assertEquals(one.hashCode(), anotherOne.hashCode());
        assertNotEquals(one, another);
        assertNotEquals(one, new FirstError(firstFailure, 12));
        assertNotEquals(one, (Object) 10);
    }

    @Test
    void refusesBadArguments() {
        assertThrows(NullPointerException.class, () -> new FirstError(null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new FirstError(new Failure(new RuntimeException()), -1));
    }
}
