package io.torsion.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.IPv4Address;
import io.torsion.internet.Protocol;
import io.torsion.internet.PullProducer;
import io.torsion.internet.PushProducer;
import io.torsion.internet.UNIXAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StringTransport}, following Twisted's {@code test_stringtransport.py}. */
class StringTransportTest {
    private final StringTransport transport = new StringTransport();

    static final class Push implements PushProducer {
        @Override
        public void pauseProducing() {
        }

        @Override
        public void resumeProducing() {
        }

        @Override
        public void stopProducing() {
        }
    }

    static final class Pull implements PullProducer {
        @Override
        public void resumeProducing() {
        }

        @Override
        public void stopProducing() {
        }
    }

    @Test // test_write, test_writeSequence, test_clear, test_value
    void recordsWritesUntilCleared() {
        transport.write(new byte[] {'a', 'b'});
        transport.writeSequence(List.of(new byte[] {'c'}, new byte[] {'d', 'e'}));
        assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 'e'}, transport.value());
        assertEquals("abcde", transport.valueAsString());
        transport.clear();
        assertEquals(0, transport.value().length);
    }

    @Test // test_registerProducer, test_registerProducers (a second registration fails)
    void registersOneProducerAtATime() {
        Push producer = new Push();
        transport.registerProducer(producer, true);
        assertSame(producer, transport.producer().orElseThrow());
        assertTrue(transport.isProducerStreaming());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> transport.registerProducer(new Push(), true));
        assertTrue(e.getMessage().contains("two producers"));
        assertSame(producer, transport.producer().orElseThrow());
    }

    @Test // test_unregisterProducer, test_unregisterNonExistentProducer
    void unregistersAndRefusesToUnregisterNothing() {
        transport.registerProducer(new Pull(), false);
        assertFalse(transport.isProducerStreaming());
        transport.unregisterProducer();
        assertTrue(transport.producer().isEmpty());
        assertThrows(IllegalStateException.class, transport::unregisterProducer);
        assertThrows(IllegalStateException.class, transport::isProducerStreaming);
    }

    @Test
    void refusesAStreamingFlagThatDoesNotMatchTheProducer() {
        assertThrows(IllegalArgumentException.class, () -> transport.registerProducer(new Pull(), true));
        assertThrows(IllegalArgumentException.class, () -> transport.registerProducer(new Push(), false));
        assertTrue(transport.producer().isEmpty());
    }

    @Test // test_loseConnection, and abortConnection as its own state
    void recordsHowTheConnectionWasClosed() {
        assertEquals(StringTransport.ConnectionState.CONNECTED, transport.connectionState());
        assertFalse(transport.isDisconnecting());
        transport.loseWriteConnection();
        assertEquals(StringTransport.ConnectionState.WRITE_CLOSED, transport.connectionState());
        assertFalse(transport.isDisconnecting());
        transport.loseConnection();
        assertEquals(StringTransport.ConnectionState.DISCONNECTING, transport.connectionState());
        assertTrue(transport.isDisconnecting());
        transport.abortConnection();
        assertEquals(StringTransport.ConnectionState.ABORTED, transport.connectionState());
        transport.loseConnection();
        assertEquals(StringTransport.ConnectionState.ABORTED, transport.connectionState());
    }

    @Test // test_pauseProducing, test_resumeProducing, test_stopProducing
    void tracksItsOwnProducerState() {
        assertEquals(StringTransport.ProducerState.PRODUCING, transport.producerState());
        transport.pauseProducing();
        assertEquals(StringTransport.ProducerState.PAUSED, transport.producerState());
        transport.resumeProducing();
        assertEquals(StringTransport.ProducerState.PRODUCING, transport.producerState());
        transport.stopProducing();
        assertEquals(StringTransport.ProducerState.STOPPED, transport.producerState());
        assertThrows(IllegalStateException.class, transport::resumeProducing); // test_resumeProducingAfterStop
        assertThrows(IllegalStateException.class, transport::pauseProducing);
    }

    @Test // test_pauseProducingAfterLoseConnection / test_resumeProducingAfterLoseConnection
    void refusesToPauseOrResumeAfterLoseConnection() {
        transport.loseConnection();
        assertThrows(IllegalStateException.class, transport::pauseProducing);
        assertThrows(IllegalStateException.class, transport::resumeProducing);
    }

    @Test // test_getHost, test_getPeer: Twisted's defaults, or the addresses given
    void reportsAddresses() {
        assertEquals(IPv4Address.tcp("10.0.0.1", 12345), transport.getHost());
        assertEquals(IPv4Address.tcp("192.168.1.1", 54321), transport.getPeer());
        StringTransport unix = new StringTransport(new UNIXAddress("/tmp/a"), UNIXAddress.unnamed());
        assertEquals(new UNIXAddress("/tmp/a"), unix.getHost());
        assertTrue(((UNIXAddress) unix.getPeer()).isUnnamed());
    }

    @Test
    void connectMakesTheConnectionAndRecordsSocketOptions() {
        boolean[] made = {false};
        Protocol p = new Protocol() {
            @Override
            public void connectionMade() {
                made[0] = true;
            }
        };
        StringTransport t = StringTransport.connect(p);
        assertTrue(made[0]);
        assertSame(t, p.transport());
        t.setTcpNoDelay(true);
        t.setTcpKeepAlive(true);
        assertTrue(t.getTcpNoDelay());
        assertTrue(t.getTcpKeepAlive());
    }
}
