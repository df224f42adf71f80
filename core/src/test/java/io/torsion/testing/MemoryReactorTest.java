package io.torsion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.Failure;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.NotConnectingError;
import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.UserError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {
    @Test
    void recordsListenAndAssignsPorts() {
        MemoryReactor r = new MemoryReactor();
        var port = r.listenTCP(0, ServerFactory.forProtocol(() -> new Protocol() { }), "127.0.0.1");
        assertEquals(IPv4Address.tcp("127.0.0.1", 30000), port.getHost());
        assertEquals(1, r.tcpServers().size());
        port.stopListening();
        assertTrue(r.tcpServers().get(0).isStopped());
        assertThrows(IllegalStateException.class, () -> r.tcpServers().get(0).accept(new Protocol() { }));
    }

    @Test
    void stopConnectingFailsWithUserErrorOnce() {
        MemoryReactor r = new MemoryReactor();
        List<Failure> failures = new ArrayList<>();
        ClientFactory<Protocol> f = new ClientFactory<>(() -> new Protocol() { }) {
            @Override
            public void clientConnectionFailed(Connector c, Failure reason) {
                failures.add(reason);
            }
        };
        Connector c = r.connectTCP("h", 1, f);
        c.stopConnecting();
        assertTrue(failures.get(0).check(UserError.class));
        assertThrows(NotConnectingError.class, c::stopConnecting);
        assertThrows(IllegalStateException.class, () -> r.tcpClients().get(0).completeWith(new Protocol() { }));
        assertEquals(0, f.getNumPorts());
    }

    @Test
    void clockVariantRunsTimers() {
        MemoryReactorClock r = new MemoryReactorClock();
        boolean[] ran = {false};
        r.callLater(1, () -> ran[0] = true);
        r.advance(1);
        assertTrue(ran[0]);
        assertEquals(1.0, r.seconds());
    }
}
