package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.task.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ReconnectingClientFactory}, following Twisted's {@code ReconnectingFactoryTests} in {@code test_protocols.py}/{@code test_factories.py}. */
class ReconnectingClientFactoryTest {
    private final Clock clock = new Clock();
    private final Failure refused = new Failure(new ConnectError("refused"));

    /** A connector that only counts; no sockets. */
    static final class FakeConnector implements Connector {
        final List<String> calls = new ArrayList<>();
        boolean connecting;

        @Override
        public void connect() {
            calls.add("connect");
            connecting = true;
        }

        @Override
        public void stopConnecting() {
            if (!connecting) {
                throw new NotConnectingError("not connecting");
            }
            calls.add("stopConnecting");
            connecting = false;
        }

        @Override
        public void disconnect() {
            calls.add("disconnect");
        }

        @Override
        public Address getDestination() {
            return IPv4Address.tcp("127.0.0.1", 1);
        }
    }

    private ReconnectingClientFactory<Protocol> factory(ReconnectingClientFactory.Backoff backoff) {
        ReconnectingClientFactory<Protocol> f = new ReconnectingClientFactory<>(() -> new Protocol() { }, clock);
        f.setBackoff(backoff);
        return f;
    }

    @Test // exponential growth by the factor, capped at maxDelay (no jitter)
    void delaysGrowByTheFactorUpToTheCap() {
        var f = factory(ReconnectingClientFactory.Backoff.defaults().withJitter(0).withFactor(2).withMaxDelay(10));
        FakeConnector connector = new FakeConnector();
        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            f.clientConnectionFailed(connector, refused);
            delays.add(f.getDelay());
            double due = clock.getDelayedCalls().get(0).getTime() - clock.seconds();
            assertEquals(f.getDelay(), due, 1e-9);
            assertEquals(i, connector.calls.size(), "not yet");
            clock.advance(due);
            assertEquals(i + 1, connector.calls.size());
            connector.connecting = false;
        }
        assertEquals(List.of(2.0, 4.0, 8.0, 10.0, 10.0), delays);
        assertEquals(5, f.getRetries());
    }

    @Test // jitter draws from a normal distribution around the delay, with the given fraction as deviation
    void jitterSpreadsTheDelay() {
        var f = factory(ReconnectingClientFactory.Backoff.defaults().withFactor(1).withInitialDelay(100).withJitter(0.1));
        f.setRandom(new Random(42));
        FakeConnector connector = new FakeConnector();
        double sum = 0;
        double sumSquares = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            f.resetDelay();
            f.clientConnectionLost(connector, refused);
            sum += f.getDelay();
            sumSquares += f.getDelay() * f.getDelay();
            clock.advance(f.getDelay());
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        assertEquals(100, mean, 1.0);
        assertEquals(10, sd, 1.0);
    }

    @Test // test_stopTryingDoesNotReconnect / test_stopTryingWhenConnected
    void stopTryingCancelsTheRetryAndAbandonsTheAttempt() {
        var f = factory(ReconnectingClientFactory.Backoff.defaults().withJitter(0));
        FakeConnector connector = new FakeConnector();
        f.clientConnectionFailed(connector, refused);
        assertEquals(1, clock.getDelayedCalls().size());
        f.stopTrying();
        assertTrue(clock.getDelayedCalls().isEmpty());
        assertFalse(f.isTrying());
        clock.advance(10_000);
        assertEquals(List.of(), connector.calls);
        f.clientConnectionLost(connector, refused);
        assertTrue(clock.getDelayedCalls().isEmpty(), "no retry after stopTrying");

        var g = factory(ReconnectingClientFactory.Backoff.defaults().withJitter(0));
        g.clientConnectionFailed(connector, refused);
        clock.advance(10);
        assertTrue(connector.connecting);
        g.stopTrying(); // an attempt is in progress: it is abandoned
        assertEquals(List.of("connect", "stopConnecting"), connector.calls);
    }

    @Test // test_maxRetries
    void givesUpAfterMaxRetries() {
        var f = factory(ReconnectingClientFactory.Backoff.defaults().withJitter(0).withMaxRetries(2));
        FakeConnector connector = new FakeConnector();
        for (int i = 0; i < 4; i++) {
            f.clientConnectionFailed(connector, refused);
            clock.advance(3600);
        }
        assertEquals(List.of("connect", "connect"), connector.calls);
    }

    @Test // resetDelay after a success starts again from the initial delay, and resumes trying
    void resetDelayRestartsTheBackoff() {
        var f = factory(ReconnectingClientFactory.Backoff.defaults().withJitter(0).withFactor(2));
        FakeConnector connector = new FakeConnector();
        f.clientConnectionFailed(connector, refused);
        clock.advance(2);
        f.clientConnectionFailed(connector, refused);
        assertEquals(4.0, f.getDelay());
        clock.advance(4);
        f.resetDelay();
        assertEquals(1.0, f.getDelay());
        assertEquals(0, f.getRetries());
        f.stopTrying();
        f.resetDelay();
        assertTrue(f.isTrying());
        f.clientConnectionLost(connector, refused);
        assertEquals(2.0, f.getDelay());
    }

    @Test
    void retryWithoutAConnectorIsAnError() {
        var f = factory(ReconnectingClientFactory.Backoff.defaults());
        assertThrows(IllegalStateException.class, f::retry);
        assertThrows(IllegalArgumentException.class, () -> ReconnectingClientFactory.Backoff.defaults().withFactor(0.5));
    }
}
