package io.torsion.internet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Factory}, {@link ServerFactory}, {@link ClientFactory} and {@link Protocol}, following Twisted's {@code test_protocols.py}/{@code test_factories.py}. */
class FactoryTest {
    static final class Plain extends Protocol {
    }

    @Test // test_forProtocol / buildProtocol sets protocol.factory
    void forProtocolBuildsANewProtocolPerConnection() {
        Factory<Plain> factory = Factory.forProtocol(Plain::new);
        Plain a = factory.buildProtocol(IPv4Address.tcp("127.0.0.1", 1));
        Plain b = factory.buildProtocol(IPv4Address.tcp("127.0.0.1", 2));
        assertNotSame(a, b);
        assertSame(factory, a.factory());
        assertTrue(a.hasFactory());
        assertInstanceOf(ServerFactory.class, ServerFactory.forProtocol(Plain::new));
        assertInstanceOf(ClientFactory.class, ClientFactory.forProtocol(Plain::new));
    }

    @Test
    void aFactoryWithoutSupplierMustOverrideBuildProtocol() {
        Factory<Plain> bare = new Factory<>() { };
        assertThrows(IllegalStateException.class, () -> bare.buildProtocol(UNIXAddress.unnamed()));
        Factory<Plain> custom = new Factory<>() {
            @Override
            public Plain buildProtocol(Address address) {
                Plain p = new Plain();
                p.setFactory(this);
                return p;
            }
        };
        assertSame(custom, custom.buildProtocol(UNIXAddress.unnamed()).factory());
    }

    @Test // test_doStartLoggingStatement...: startFactory on the first doStart, stopFactory on the last doStop
    void doStartAndDoStopCountPorts() {
        List<String> calls = new ArrayList<>();
        Factory<Plain> factory = new Factory<>(Plain::new) {
            @Override
            public void startFactory() {
                calls.add("start");
            }

            @Override
            public void stopFactory() {
                calls.add("stop");
            }
        };
        factory.doStart();
        factory.doStart();
        assertEquals(2, factory.getNumPorts());
        factory.doStop();
        assertEquals(List.of("start"), calls);
        factory.doStop();
        assertEquals(List.of("start", "stop"), calls);
        assertThrows(IllegalStateException.class, factory::doStop); // Twisted ignores it; we refuse
        assertEquals(0, factory.getNumPorts());
    }

    @Test // BaseProtocol.makeConnection
    void makeConnectionStoresTheTransportThenCallsConnectionMade() {
        List<Object> seen = new ArrayList<>();
        Protocol p = new Protocol() {
            @Override
            public void connectionMade() {
                seen.add(transport());
            }
        };
        assertFalse(p.isConnected());
        assertThrows(IllegalStateException.class, p::transport);
        assertThrows(IllegalStateException.class, p::factory);
        StringTransport t = new StringTransport();
        p.makeConnection(t);
        assertEquals(List.of(t), seen);
        assertTrue(p.isConnected());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> p.makeConnection(t));
        assertTrue(twice.getMessage().contains("CONNECTED"));
    }

    @Test
    void connectionErrorsShareAParent() {
        assertInstanceOf(ConnectionClosed.class, new ConnectionDone("x"));
        assertInstanceOf(ConnectionClosed.class, new ConnectionLost("x"));
        assertInstanceOf(ConnectionLost.class, new ConnectionAborted("x"));
        assertFalse(ConnectionLost.class.isAssignableFrom(ConnectionDone.class));
    }

    @Test
    void addressesCheckTheirPorts() {
        assertThrows(IllegalArgumentException.class, () -> IPv4Address.tcp("h", 65536));
        assertThrows(IllegalArgumentException.class, () -> IPv6Address.tcp("::1", -1));
        assertThrows(IllegalArgumentException.class, () -> new HostnameAddress("h", 70000));
        assertEquals(Address.Type.UDP, new IPv4Address(Address.Type.UDP, "h", 53).type());
    }
}
