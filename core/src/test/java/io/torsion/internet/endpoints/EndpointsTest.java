package io.torsion.internet.endpoints;

import static io.torsion.testing.DeferredAssertions.assertNoResult;
import static io.torsion.testing.DeferredAssertions.failureResultOf;
import static io.torsion.testing.DeferredAssertions.successResultOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.defer.CancelledError;
import io.torsion.defer.Deferred;
import io.torsion.internet.Address;
import io.torsion.internet.CannotListenError;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.ConnectionRefusedError;
import io.torsion.internet.Connector;
import io.torsion.internet.Factory;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.TlsVersion;
import io.torsion.testing.Loopback;
import io.torsion.testing.MemoryReactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Descriptions and TCP endpoints over a MemoryReactor (Twisted's test_endpoints). */
class EndpointsTest {
    private final MemoryReactor reactor = new MemoryReactor();

    static final class Recorder extends Protocol {
        final List<String> received = new ArrayList<>();

        @Override
        public void dataReceived(byte[] data) {
            received.add(new String(data));
        }
    }

    // ------------------------------------------------------------------ syntax

    @Test
    void parseSplitsPositionalAndKeywordParts() {
        EndpointDescription d = EndpointDescription.parse("tcp:8080:interface=127.0.0.1");
        assertEquals("tcp", d.type());
        assertEquals(List.of("8080"), d.args());
        assertEquals(Map.of("interface", "127.0.0.1"), d.kwargs());
    }

    @Test
    void backslashEscapesColonAndEquals() {
        EndpointDescription d = EndpointDescription.parse("tcp6:80:interface=\\:\\:1:x=a\\=b\\\\");
        assertEquals(Map.of("interface", "::1", "x", "a=b\\"), d.kwargs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp:80\\|bad escape",
        "|it is empty",
        ":80|does not start with an endpoint type",
        "foo:80|unknown endpoint type \"foo\"",
        "tcp:interface=127.0.0.1|missing port",
        "tcp:http|port \"http\" is not a number",
        "tcp:65536|port 65536 is out of range 0..65535",
        "tcp:-1|port -1 is out of range",
        "tcp:80:colour=red|unknown parameter \"colour\"",
        "tcp:80:backlog=x|backlog \"x\" is not a number",
        "tcp:80:port=81|given both by position and by name",
        "tcp:80:interface=a:interface=b|\"interface\" is given twice",
        "tcp:80:a=b=c|has a second",
        "tcp:80:=x|empty key",
        "tcp:80:127.0.0.1:5:extra|too many positional arguments",
        "tcp6:80:interface=127.0.0.1|is not an IPv6 address",
    })
    void badServerDescriptionsNameTheBadPart(String description, String expected) {
        String desc = description == null ? "" : description.replace("\\|", "|");
        EndpointDescriptionError e = assertThrows(EndpointDescriptionError.class,
                () -> Endpoints.serverFromString(reactor, desc));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + desc + "\""), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tcp:port=80|missing host",
        "tcp:host=example.com|missing port",
        "tcp:host=example.com:port=0|port 0 is out of range 1..65535",
        "tcp:example.com:eighty|port \"eighty\" is not a number",
        "tcp:host=h:port=80:timeout=soon|timeout \"soon\"",
        "tcp:host=h:port=80:proxy=p|unknown parameter \"proxy\"",
        "tcp6:host=h:port=80|is not an IPv6 address",
        "udp:host=h:port=80|unknown endpoint type \"udp\"",
    })
    void badClientDescriptionsNameTheBadPart(String description, String expected) {
        EndpointDescriptionError e = assertThrows(EndpointDescriptionError.class,
                () -> Endpoints.clientFromString(reactor, description));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    // ------------------------------------------------------------------ tcp servers

    @Test
    void tcpServerDescriptionListensWithItsParameters() {
        ServerEndpoint e = Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1:backlog=7");
        Factory<Recorder> factory = Factory.forProtocol(Recorder::new);
        ListeningPort port = successResultOf(e.listen(factory));
        MemoryReactor.TcpServer call = reactor.tcpServers().get(0);
        assertEquals(8080, call.port());
        assertEquals("127.0.0.1", call.interfaceAddress());
        assertEquals(7, call.backlog());
        assertSame(call, port);
        assertEquals(1, factory.getNumPorts());
        Recorder client = new Recorder();
        Loopback loop = call.accept(client);
        assertInstanceOf(Recorder.class, loop.serverTransport().protocol());
        successResultOf(port.stopListening());
        assertEquals(0, factory.getNumPorts());
    }

    @Test
    void tcpServerDefaultsAndKeywordPort() {
        TCP4ServerEndpoint e = (TCP4ServerEndpoint) Endpoints.serverFromString(reactor, "TCP:port=0");
        assertEquals(0, e.port());
        assertEquals("", e.interfaceAddress());
        assertEquals(50, e.backlog());
        TCP4ServerEndpoint six = (TCP4ServerEndpoint) Endpoints.serverFromString(reactor, "tcp6:80");
        assertInstanceOf(TCP6ServerEndpoint.class, six);
        assertEquals("::", six.interfaceAddress());
    }

    @Test
    void listenFailureFailsTheDeferred() {
        ServerEndpoint e = new TCP4ServerEndpoint(new MemoryReactor() {
            @Override
            public ListeningPort listenTCP(int port, ServerFactory<?> factory, int backlog, String iface) {
                throw new CannotListenError(iface, port, new java.net.BindException("Address already in use"));
            }
        }, 80);
        failureResultOf(e.listen(Factory.forProtocol(Recorder::new)), CannotListenError.class);
    }

    // ------------------------------------------------------------------ tcp clients

    @Test
    void tcpClientDescriptionConnectsAndFiresWithTheProtocol() {
        ClientEndpoint e = Endpoints.clientFromString(reactor,
                "tcp:host=example.com:port=80:timeout=5:bindAddress=10.0.0.2");
        Deferred<Recorder> d = e.connect(Factory.forProtocol(Recorder::new));
        MemoryReactor.TcpClient call = reactor.tcpClients().get(0);
        assertEquals("example.com", call.host());
        assertEquals(80, call.port());
        assertEquals(5.0, call.timeoutSeconds());
        assertEquals(IPv4Address.tcp("10.0.0.2", 0), call.bindAddress());
        assertNoResult(d);
        Recorder server = new Recorder();
        Loopback loop = call.completeWith(server);
        Recorder client = successResultOf(d);
        client.transport().write("hi".getBytes());
        loop.flush();
        assertEquals(List.of("hi"), server.received);
    }

    @Test
    void positionalClientDescription() {
        TCP4ClientEndpoint e = (TCP4ClientEndpoint) Endpoints.clientFromString(reactor, "tcp:example.com:443");
        assertEquals("example.com", e.host());
        assertEquals(443, e.port());
        assertEquals(30.0, e.timeoutSeconds());
        assertNull(e.bindAddress());
        assertInstanceOf(TCP6ClientEndpoint.class, Endpoints.clientFromString(reactor, "tcp6:host=\\:\\:1:port=80"));
    }

    @Test
    void failedConnectFailsTheDeferred() {
        Deferred<Recorder> d = new TCP4ClientEndpoint(reactor, "127.0.0.1", 1).connect(Factory.forProtocol(Recorder::new));
        reactor.tcpClients().get(0).fail(new ConnectionRefusedError("refused"));
        failureResultOf(d, ConnectionRefusedError.class);
    }

    @Test
    void cancelStopsConnecting() {
        Factory<Recorder> factory = Factory.forProtocol(Recorder::new);
        Deferred<Recorder> d = new TCP4ClientEndpoint(reactor, "127.0.0.1", 1).connect(factory);
        assertEquals(1, factory.getNumPorts());
        d.cancel();
        failureResultOf(d, CancelledError.class);
        assertEquals(MemoryReactor.TcpClient.State.FAILED, reactor.tcpClients().get(0).state());
        assertEquals(0, factory.getNumPorts());
    }

    @Test
    void aFactoryThatThrowsFailsTheDeferredAndClosesTheConnection() {
        Deferred<Recorder> d = new TCP4ClientEndpoint(reactor, "h", 1).connect(new Factory<Recorder>() {
            @Override
            public Recorder buildProtocol(Address address) {
                throw new IllegalStateException("no protocol for you");
            }
        });
        Loopback loop = reactor.tcpClients().get(0).completeWith(new Recorder());
        failureResultOf(d, IllegalStateException.class);
        assertTrue(loop.clientTransport().isDisconnecting());
    }

    @Test
    void halfCloseReachesOnlyAHalfCloseableProtocol() {
        Deferred<Recorder> d = new TCP4ClientEndpoint(reactor, "h", 1).connect(Factory.forProtocol(Recorder::new));
        Loopback loop = reactor.tcpClients().get(0).completeWith(new Recorder());
        successResultOf(d);
        loop.serverTransport().loseWriteConnection();
        loop.flush();
        assertTrue(loop.clientTransport().isDisconnecting() || loop.clientTransport().state()
                != io.torsion.testing.LoopbackTransport.State.CONNECTED);
    }

    @Test
    void connectProtocolConnectsThatProtocol() {
        Recorder mine = new Recorder();
        Deferred<Recorder> d = Endpoints.connectProtocol(new TCP4ClientEndpoint(reactor, "h", 1), mine);
        reactor.tcpClients().get(0).completeWith(new Recorder());
        assertSame(mine, successResultOf(d));
        assertTrue(mine.isConnected());
    }

    // ------------------------------------------------------------------ ssl and unix

    /** Records the options it was given. */
    static final class FakeSupport<S, C> implements StreamTransportSupport<S, C> {
        final MemoryReactor memory = new MemoryReactor();
        S server;
        C client;

        @Override
        public ListeningPort listen(S options, ServerFactory<?> factory) {
            server = options;
            return memory.listenTCP(0, factory);
        }

        @Override
        public Connector connect(C options, ClientFactory<?> factory) {
            client = options;
            return memory.connectTCP("h", 1, factory);
        }
    }

    @Test
    void sslAndUnixFailClearlyOnAReactorWithoutThem() {
        for (String d : List.of("ssl:443", "unix:/tmp/s")) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Endpoints.serverFromString(reactor, d));
            assertTrue(e.getMessage().contains("not supported by this reactor"), e.getMessage());
        }
        assertThrows(UnsupportedOperationException.class,
                () -> Endpoints.clientFromString(reactor, "unix:path=/tmp/s"));
        // parameters are still checked first
        assertThrows(EndpointDescriptionError.class, () -> Endpoints.serverFromString(reactor, "ssl:https"));
    }

    @Test
    void sslDescriptionsParseIntoOptions() {
        FakeSupport<SslServerOptions, SslClientOptions> ssl = new FakeSupport<>();
        Endpoints.TransportSupports s = new Endpoints.TransportSupports(ssl, null);
        ServerEndpoint e = Endpoints.serverFromString(reactor, "ssl:443:privateKey=k.pem:interface=\\:\\:1", s);
        successResultOf(e.listen(Factory.forProtocol(Recorder::new)));
        assertEquals(new SslServerOptions(443, "k.pem", "k.pem", "::1", 50, null, null, List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3)), ssl.server);
        ClientEndpoint c = Endpoints.clientFromString(reactor, "ssl:host=example.com:port=443:caCertsDir=/etc/ca", s);
        Deferred<Recorder> d = c.connect(Factory.forProtocol(Recorder::new));
        assertEquals(new SslClientOptions("example.com", 443, 30, null, null, null, "/etc/ca", null, "example.com"), ssl.client);
        ssl.memory.tcpClients().get(0).completeWith(new Recorder());
        successResultOf(d);
        assertThrows(EndpointDescriptionError.class, () -> Endpoints.serverFromString(reactor, "ssl:443:pem=x", s));
        Endpoints.serverFromString(reactor, "ssl:443:sslmethod=TLSv1_2_METHOD", s).listen(Factory.forProtocol(Recorder::new));
        assertEquals(List.of(TlsVersion.TLS_1_2), ssl.server.versions());
        for (String method : List.of("SSLv23_METHOD", "TLS_METHOD", "TLS_SERVER_METHOD")) {
            Endpoints.serverFromString(reactor, "ssl:443:sslmethod=" + method, s).listen(Factory.forProtocol(Recorder::new));
            assertEquals(List.of(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3), ssl.server.versions(), method);
        }
        for (String method : List.of("TLSv1_METHOD", "TLSv1_1_METHOD", "SSLv3_METHOD", "nonsense")) {
            EndpointDescriptionError err = assertThrows(EndpointDescriptionError.class,
                    () -> Endpoints.serverFromString(reactor, "ssl:443:sslmethod=" + method, s));
            assertTrue(err.getMessage().contains("sslmethod \"" + method + "\""), err.getMessage());
        }
        Endpoints.clientFromString(reactor, "ssl:10.0.0.1:8443:hostname=example.com:caCertsFile=/etc/ca.pem", s)
                .connect(Factory.forProtocol(Recorder::new));
        assertEquals(new SslClientOptions("10.0.0.1", 8443, 30, null, null, null, null, "/etc/ca.pem", "example.com"),
                ssl.client);
    }

    @Test
    void unixDescriptionsParseIntoOptions() {
        FakeSupport<UnixServerOptions, UnixClientOptions> unix = new FakeSupport<>();
        Endpoints.TransportSupports s = new Endpoints.TransportSupports(null, unix);
        successResultOf(Endpoints.serverFromString(reactor, "unix:/var/run/x.sock:mode=600:lockfile=0", s)
                .listen(Factory.forProtocol(Recorder::new)));
        assertEquals(new UnixServerOptions("/var/run/x.sock", 50, 0600, false), unix.server);
        Endpoints.clientFromString(reactor, "unix:/var/run/x.sock:timeout=2", s).connect(Factory.forProtocol(Recorder::new));
        assertEquals(new UnixClientOptions("/var/run/x.sock", 2, false), unix.client);
        EndpointDescriptionError e = assertThrows(EndpointDescriptionError.class,
                () -> Endpoints.serverFromString(reactor, "unix:/x:mode=9", s));
        assertTrue(e.getMessage().contains("mode \"9\""), e.getMessage());
        assertThrows(EndpointDescriptionError.class, () -> Endpoints.serverFromString(reactor, "unix:mode=600", s));
    }

    @Test
    void clientAddressOfCompletedConnection() {
        Deferred<Recorder> d = new TCP4ClientEndpoint(reactor, "127.0.0.1", 8000).connect(Factory.forProtocol(Recorder::new));
        reactor.tcpClients().get(0).completeWith(new Recorder());
        Address peer = successResultOf(d).transport().getPeer();
        assertEquals(Loopback.SERVER_ADDRESS, peer);
    }
}
