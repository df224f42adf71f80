package io.torsion.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.Protocol;
import io.torsion.task.Clock;
import io.torsion.testing.StringTransport;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@link IdleTimeout}, following Twisted's {@code TimeoutMixinTests} in {@code test_policies.py}. */
class IdleTimeoutTest {
    private final Clock clock = new Clock();

    /** Twisted's TimeoutTester: a 3-second idle timeout, reset by data, cancelled on loss. */
    class Tester extends Protocol {
        final IdleTimeout timeout = new IdleTimeout(clock, this::timeoutConnection);
        int timedOut;

        @Override
        public void connectionMade() {
            timeout.setTimeout(3);
        }

        @Override
        public void dataReceived(byte[] data) {
            timeout.resetTimeout();
        }

        @Override
        public void connectionLost(Failure reason) {
            timeout.cancelTimeout();
        }

        void timeoutConnection() {
            timedOut++;
        }
    }

    @Test // test_timeout
    void firesAfterThePeriod() {
        Tester p = new Tester();
        StringTransport.connect(p);
        clock.advance(2.999);
        assertEquals(0, p.timedOut);
        clock.advance(0.001);
        assertEquals(1, p.timedOut);
        assertFalse(p.timeout.isArmed());
        clock.advance(100);
        assertEquals(1, p.timedOut);
    }

    @Test // test_noTimeout: activity restarts the period
    void activityRestartsThePeriod() {
        Tester p = new Tester();
        StringTransport.connect(p);
        clock.advance(2);
        p.dataReceived(new byte[] {1});
        clock.advance(2);
        assertEquals(0, p.timedOut);
        clock.advance(1);
        assertEquals(1, p.timedOut);
    }

    @Test // test_resetTimeout: resetting an expired or cancelled timer does nothing
    void resetDoesNothingUnlessArmed() {
        Tester p = new Tester();
        StringTransport.connect(p);
        clock.advance(3);
        p.timeout.resetTimeout();
        clock.advance(10);
        assertEquals(1, p.timedOut);
        p.timeout.cancelTimeout();
        p.timeout.resetTimeout();
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test // test_cancelTimeout, and connectionLost cancelling
    void cancelledTimersNeverFire() {
        Tester p = new Tester();
        StringTransport.connect(p);
        p.connectionLost(new Failure(new io.torsion.internet.ConnectionDone("bye")));
        clock.advance(10);
        assertEquals(0, p.timedOut);
        assertTrue(clock.getDelayedCalls().isEmpty());
        p.timeout.cancelTimeout(); // twice is fine, as Twisted's setTimeout(None)
    }

    @Test // test_return: setTimeout and cancel return the previous period
    void returnsThePreviousPeriod() {
        IdleTimeout t = new IdleTimeout(clock, () -> { });
        assertEquals(OptionalDouble.empty(), t.setTimeout(5));
        assertEquals(OptionalDouble.of(5), t.setTimeout(Duration.ofSeconds(10)));
        assertEquals(OptionalDouble.of(10), t.cancelTimeout());
        assertEquals(OptionalDouble.empty(), t.setTimeout(1));
        assertEquals(OptionalDouble.of(1), t.getTimeout());
        clock.advance(1);
        assertEquals(OptionalDouble.of(1), t.getTimeout()); // the period survives expiry, as timeOut does
    }

    @Test // setTimeout on an armed timer moves the deadline; on an expired one re-arms it
    void setTimeoutRestartsFromNow() {
        Tester p = new Tester();
        StringTransport.connect(p);
        clock.advance(2);
        p.timeout.setTimeout(5);
        clock.advance(4.9);
        assertEquals(0, p.timedOut);
        clock.advance(0.1);
        assertEquals(1, p.timedOut);
        p.timeout.setTimeout(1);
        clock.advance(1);
        assertEquals(2, p.timedOut);
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test // the default timeoutConnection closes the connection
    void closingVariantLosesTheConnection() {
        Protocol p = new Protocol() { };
        StringTransport transport = StringTransport.connect(p);
        IdleTimeout t = IdleTimeout.closing(clock, p);
        t.setTimeout(1);
        clock.advance(1);
        assertTrue(transport.isDisconnecting());
        assertEquals(StringTransport.ConnectionState.DISCONNECTING, transport.connectionState());
    }

    @Test
    void refusesANegativePeriod() {
        IdleTimeout t = new IdleTimeout(clock, () -> { });
        assertThrows(IllegalArgumentException.class, () -> t.setTimeout(-1));
        assertThrows(IllegalArgumentException.class, () -> t.setTimeout(Double.NaN));
    }
}
