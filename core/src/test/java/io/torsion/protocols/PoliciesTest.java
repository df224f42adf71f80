package io.torsion.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ConnectionDone;
import io.torsion.internet.Factory;
import io.torsion.internet.HalfCloseableProtocol;
import io.torsion.internet.Protocol;
import io.torsion.internet.PushProducer;
import io.torsion.task.Clock;
import io.torsion.testing.StringTransport;
import io.torsion.testing.StringTransport.ConnectionState;
import io.torsion.testing.StringTransport.ProducerState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WrappingFactory, ThrottlingFactory and TimeoutFactory (Twisted's test_policies), in memory. */
class PoliciesTest {
    static class Recorder extends Protocol {
        final List<String> received = new ArrayList<>();
        Failure lost;

        @Override
        public void dataReceived(byte[] data) {
            received.add(new String(data));
        }

        @Override
        public void connectionLost(Failure reason) {
            lost = reason;
        }
    }

    static final class Echo extends Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport().write(data);
        }
    }

    static final class HalfCloser extends Recorder implements HalfCloseableProtocol {
        boolean readLost;

        @Override
        public void readConnectionLost() {
            readLost = true;
        }

        @Override
        public void writeConnectionLost() {
        }
    }

    static final class Pausable implements PushProducer {
        int pauses;
        int resumes;

        @Override
        public void pauseProducing() {
            pauses++;
        }

        @Override
        public void resumeProducing() {
            resumes++;
        }

        @Override
        public void stopProducing() {
        }
    }

    private static final Failure DONE = new Failure(new ConnectionDone("done"));

    @Test
    void wrapperPassesEventsBothWaysAndTracksConnections() {
        Factory<Echo> inner = Factory.forProtocol(Echo::new);
        WrappingFactory factory = new WrappingFactory(inner);
        factory.doStart();
        assertEquals(1, inner.getNumPorts());
        ProtocolWrapper wrapper = factory.buildProtocol(StringTransport.DEFAULT_PEER);
        assertSame(factory, wrapper.factory());
        StringTransport transport = StringTransport.connect(wrapper);
        Echo echo = (Echo) wrapper.wrappedProtocol();
        assertSame(wrapper, echo.transport());
        assertEquals(List.of(wrapper), List.copyOf(factory.protocols()));
        wrapper.dataReceived("hi".getBytes());
        assertEquals(List.of("hi"), echo.received);
        assertEquals("hi", transport.valueAsString());
        assertEquals(StringTransport.DEFAULT_PEER, echo.transport().getPeer());
        echo.transport().loseConnection();
        assertEquals(ConnectionState.DISCONNECTING, transport.connectionState());
        wrapper.connectionLost(DONE);
        assertSame(DONE, echo.lost);
        assertTrue(factory.protocols().isEmpty());
        factory.doStop();
        assertEquals(0, inner.getNumPorts());
    }

    @Test
    void halfCloseReachesAHalfCloseableProtocolOrClosesTheConnection() {
        WrappingFactory plain = new WrappingFactory(Factory.forProtocol(Recorder::new));
        ProtocolWrapper w = plain.buildProtocol(StringTransport.DEFAULT_PEER);
        StringTransport t = StringTransport.connect(w);
        w.readConnectionLost();
        assertEquals(ConnectionState.DISCONNECTING, t.connectionState());

        WrappingFactory half = new WrappingFactory(Factory.forProtocol(HalfCloser::new));
        ProtocolWrapper w2 = half.buildProtocol(StringTransport.DEFAULT_PEER);
        StringTransport t2 = StringTransport.connect(w2);
        w2.readConnectionLost();
        assertTrue(((HalfCloser) w2.wrappedProtocol()).readLost);
        assertEquals(ConnectionState.CONNECTED, t2.connectionState());
    }

    @Test
    void throttlingRefusesConnectionsBeyondTheLimit() {
        Clock clock = new Clock();
        ThrottlingFactory f = new ThrottlingFactory(Factory.forProtocol(Echo::new), clock,
                ThrottlingFactory.Limits.none().withMaxConnectionCount(2));
        ProtocolWrapper a = f.buildProtocol(null);
        StringTransport.connect(a);
        ProtocolWrapper b = f.buildProtocol(null);
        StringTransport.connect(b);
        assertEquals(2, f.connectionCount());
        ProtocolWrapper c = f.buildProtocol(null);
        StringTransport tc = StringTransport.connect(c);
        assertEquals(ConnectionState.DISCONNECTING, tc.connectionState());
        c.connectionLost(DONE);
        assertEquals(2, f.connectionCount());
        a.connectionLost(DONE);
        assertEquals(1, f.connectionCount());
        ProtocolWrapper d = f.buildProtocol(null);
        StringTransport td = StringTransport.connect(d);
        assertEquals(ConnectionState.CONNECTED, td.connectionState());
        assertInstanceOf(ThrottlingFactory.ThrottlingProtocol.class, d);
    }

    @Test
    void readsBeyondTheLimitPauseReadingForTheExcess() {
        Clock clock = new Clock();
        ThrottlingFactory f = new ThrottlingFactory(Factory.forProtocol(Recorder::new), clock,
                ThrottlingFactory.Limits.none().withReadLimit(10));
        ProtocolWrapper w = f.buildProtocol(null);
        StringTransport t = StringTransport.connect(w);
        w.dataReceived(new byte[30]);
        clock.advance(0.999);
        assertEquals(ProducerState.PRODUCING, t.producerState());
        clock.advance(0.001);
        assertEquals(ProducerState.PAUSED, t.producerState());
        clock.advance(1.999);
        assertEquals(ProducerState.PAUSED, t.producerState());
        clock.advance(0.001);
        assertEquals(ProducerState.PRODUCING, t.producerState());
        w.dataReceived(new byte[10]);
        clock.advance(1);
        assertEquals(ProducerState.PRODUCING, t.producerState(), "at the limit is not over it");
        w.connectionLost(DONE);
        assertTrue(clock.getDelayedCalls().isEmpty(), "the checks stop with the last connection");
    }

    @Test
    void writesBeyondTheLimitPauseTheProducer() {
        Clock clock = new Clock();
        ThrottlingFactory f = new ThrottlingFactory(Factory.forProtocol(Recorder::new), clock,
                ThrottlingFactory.Limits.none().withWriteLimit(10));
        ProtocolWrapper w = f.buildProtocol(null);
        StringTransport.connect(w);
        Pausable producer = new Pausable();
        Protocol inner = w.wrappedProtocol();
        inner.transport().registerProducer(producer, true);
        inner.transport().writeSequence(List.of(new byte[10], new byte[10]));
        clock.advance(1);
        assertEquals(1, producer.pauses);
        clock.advance(1);
        assertEquals(1, producer.resumes);
        inner.transport().unregisterProducer();
        inner.transport().write(new byte[50]);
        clock.advance(1);
        assertEquals(1, producer.pauses, "an unregistered producer is left alone");
    }

    @Test
    void timeoutClosesAnIdleConnection() {
        Clock clock = new Clock();
        TimeoutFactory f = new TimeoutFactory(Factory.forProtocol(Echo::new), clock, 10);
        ProtocolWrapper w = f.buildProtocol(null);
        StringTransport t = StringTransport.connect(w);
        clock.advance(9);
        w.dataReceived("x".getBytes());
        clock.advance(9);
        assertEquals(ConnectionState.CONNECTED, t.connectionState());
        w.wrappedProtocol().transport().write("y".getBytes());
        clock.advance(9.5);
        assertEquals(ConnectionState.CONNECTED, t.connectionState());
        clock.advance(0.5);
        assertEquals(ConnectionState.DISCONNECTING, t.connectionState());
        w.connectionLost(DONE);
        assertTrue(clock.getDelayedCalls().isEmpty());
    }

    @Test
    void timeoutIsCancelledWhenTheConnectionIsLost() {
        Clock clock = new Clock();
        TimeoutFactory f = new TimeoutFactory(Factory.forProtocol(Echo::new), clock, 10);
        ProtocolWrapper w = f.buildProtocol(null);
        StringTransport.connect(w);
        w.connectionLost(DONE);
        assertTrue(clock.getDelayedCalls().isEmpty());
    }
}
