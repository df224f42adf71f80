package io.torsion.defer;

import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeferredSmokeTest {
    @Test
    void typedChain() {
        Deferred<byte[]> d = new Deferred<>();
        Deferred<Integer> length = d.addCallback(String::new).addCallback(String::length);
        d.callback("hello".getBytes());
        assertEquals(5, successResultOf(length));
    }
}
