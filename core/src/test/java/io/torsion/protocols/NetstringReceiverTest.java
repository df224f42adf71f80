package io.torsion.protocols;

import static io.torsion.protocols.Bytes.b;
import static io.torsion.protocols.Bytes.concat;
import static io.torsion.protocols.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.protocols.NetstringParseError.Reason;
import io.torsion.testing.ChunkFeeder;
import io.torsion.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NetstringReceiver}, following Twisted's {@code NetstringReceiverTests} in {@code test_basic.py}. */
class NetstringReceiverTest {
    static class Recorder extends NetstringReceiver {
        final List<String> strings = new ArrayList<>();

        Recorder(int limit) {
            maxLength = limit;
        }

        @Override
        protected void stringReceived(byte[] string) {
            strings.add(s(string));
        }
    }

    private static Recorder fed(int limit, List<byte[]> chunks) {
        Recorder p = new Recorder(limit);
        StringTransport.connect(p);
        ChunkFeeder.feed(p, chunks);
        return p;
    }

    @Test // test_buffer: what sendString writes parses back, in every chunk size
    void sendStringRoundTrips() {
        List<String> strings = List.of("hello", "world", "how", "are", "you123", ":today", "", ",", "a".repeat(515));
        Recorder sender = new Recorder(NetstringReceiver.MAX_LENGTH);
        StringTransport out = StringTransport.connect(sender);
        strings.forEach(x -> sender.sendString(b(x)));
        assertTrue(out.valueAsString().startsWith("5:hello,5:world,3:how,"));
        ChunkFeeder.forEachChunkSize(out.value(), chunks -> {
            Recorder p = fed(NetstringReceiver.MAX_LENGTH, chunks);
            assertEquals(strings, p.strings);
            assertFalse(p.transport().isDisconnecting());
            assertTrue(p.brokenPeer().isEmpty());
        });
    }

    @Test // test_receiveEmptyNetstring, test_receiveOneCharacter, test_receiveNestedNetstring
    void wellFormedEdgeCases() {
        ChunkFeeder.forEachChunkSize(b("0:,1:a,2:ab,8:1:a,1:b,,"), chunks ->
                assertEquals(List.of("", "a", "ab", "1:a,1:b,"), fed(50, chunks).strings));
    }

    @Test // the limit at limit - 1 and at the limit
    void payloadsUpToTheLimitAreAccepted() {
        byte[] input = concat(List.of(b("49:" + "x".repeat(49) + ","), b("50:" + "y".repeat(50) + ",")));
        ChunkFeeder.forEachChunkSize(input, chunks -> {
            Recorder p = fed(50, chunks);
            assertEquals(List.of("x".repeat(49), "y".repeat(50)), p.strings);
        });
    }

    private static void assertRejected(String input, int limit, Reason reason, List<String> before) {
        ChunkFeeder.forEachChunkSize(b(input), chunks -> {
            Recorder p = fed(limit, chunks);
            assertEquals(before, p.strings);
            assertTrue(p.transport().isDisconnecting(), "connection closed");
            assertEquals(reason, p.brokenPeer().orElseThrow().reason(), () -> p.brokenPeer().get().getMessage());
            // a transport that kept reading would get nothing more out of it either
            p.dataReceived(b("1:z,"));
            assertEquals(before, p.strings);
        });
    }

    @Test // limit + 1: rejected as soon as the length's digits pass the limit, before the payload
    void aLengthOverTheLimitIsRejectedAtOnce() {
        assertRejected("2:ok,51:" + "z".repeat(51) + ",", 50, Reason.TOO_LONG, List.of("ok"));
        Recorder p = new Recorder(50);
        StringTransport.connect(p);
        p.dataReceived(b("51"));
        assertEquals(Reason.TOO_LONG, p.brokenPeer().orElseThrow().reason());
        assertTrue(p.brokenPeer().get().getMessage().contains("50"), "names the limit");
        assertTrue(p.brokenPeer().get().getMessage().contains("51"), "names the length seen");
    }

    @Test // test_lengthSpecificationTooLong, the first of Twisted's illegalStrings
    void anAbsurdLengthIsRejected() {
        assertRejected("9999999999999999999999:abc,", 50, Reason.TOO_LONG, List.of());
    }

    @Test // test_missingNumber, test_onlyData, test_missingNumberAndColon, test_missingColon
    void aMissingLengthIsRejected() {
        assertRejected(":aaa,", 50, Reason.MISSING_LENGTH, List.of());
        assertRejected("abc", 50, Reason.MISSING_LENGTH, List.of());
        assertRejected("3aaa,", 50, Reason.MISSING_LENGTH, List.of());
        assertRejected("1:a,-1:a,", 50, Reason.MISSING_LENGTH, List.of("a"));
    }

    @Test // _LENGTH forbids leading zeros ("007:")
    void aLeadingZeroIsRejected() {
        assertRejected("007:abcdefg,", 50, Reason.LEADING_ZERO, List.of());
    }

    @Test // test_moreDataThanSpecified, test_moreDataThanSpecifiedBorderCase, test_missingComma
    void aMissingCommaIsRejected() {
        assertRejected("4:abcde", 50, Reason.MISSING_COMMA, List.of());
        assertRejected("2:aaa,", 50, Reason.MISSING_COMMA, List.of());
        assertRejected("0:a,", 50, Reason.MISSING_COMMA, List.of());
        assertRejected("3:abc;", 50, Reason.MISSING_COMMA, List.of());
    }

    @Test // "need more bytes" is not an error
    void anIncompleteNetstringWaits() {
        ChunkFeeder.forEachChunkSize(b("10:abcde"), chunks -> {
            Recorder p = fed(50, chunks);
            assertEquals(List.of(), p.strings);
            assertFalse(p.transport().isDisconnecting());
            assertTrue(p.brokenPeer().isEmpty());
        });
    }

    @Test
    void aHandlerMayKeepTheConnectionOpenButParsingStops() {
        List<NetstringParseError> errors = new ArrayList<>();
        Recorder p = new Recorder(50) {
            @Override
            protected void parseErrorReceived(NetstringParseError error) {
                errors.add(error);
            }
        };
        StringTransport transport = StringTransport.connect(p);
        p.dataReceived(b("1:a,x1:b,"));
        p.dataReceived(b("1:c,"));
        assertEquals(List.of("a"), p.strings);
        assertEquals(1, errors.size());
        assertFalse(transport.isDisconnecting());
    }
}
