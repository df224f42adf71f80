package io.torsion.protocols;

import static io.torsion.protocols.Bytes.b;
import static io.torsion.protocols.Bytes.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.Protocol;
import io.torsion.testing.ChunkFeeder;
import io.torsion.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Int8StringReceiver}, {@link Int16StringReceiver} and {@link Int32StringReceiver},
 * following Twisted's {@code IntNTestCaseMixin} and its subclasses in {@code test_basic.py}.
 */
class IntNStringReceiverTest {
    /** What a test needs from any of the three receivers, so that one test body covers all. */
    interface Receiver {
        Protocol protocol();

        List<String> strings();

        List<Long> exceeded();

        void send(byte[] string);

        void pause();

        void resume();

        int prefixLength();
    }

    /** Makes a receiver whose handlers record, with the given limit; {@code closes} keeps the default handler. */
    interface Maker {
        Receiver make(int limit, boolean closes);
    }

    static Stream<Maker> widths() {
        return Stream.of(IntNStringReceiverTest::int8, IntNStringReceiverTest::int16, IntNStringReceiverTest::int32);
    }

    static Receiver int8(int limit, boolean closes) {
        List<String> strings = new ArrayList<>();
        List<Long> exceeded = new ArrayList<>();
        Int8StringReceiver p = new Int8StringReceiver() {
            {
                maxLength = limit;
            }

            @Override
            protected void stringReceived(byte[] string) {
                strings.add(s(string));
                react(this::pauseProducing, string);
            }

            @Override
            protected void lengthLimitExceeded(long length) {
                exceeded.add(length);
                if (closes) {
                    super.lengthLimitExceeded(length);
                }
            }
        };
        return receiver(p, strings, exceeded, p::sendString, p::pauseProducing, p::resumeProducing, 1);
    }

    static Receiver int16(int limit, boolean closes) {
        List<String> strings = new ArrayList<>();
        List<Long> exceeded = new ArrayList<>();
        Int16StringReceiver p = new Int16StringReceiver() {
            {
                maxLength = limit;
            }

            @Override
            protected void stringReceived(byte[] string) {
                strings.add(s(string));
                react(this::pauseProducing, string);
            }

            @Override
            protected void lengthLimitExceeded(long length) {
                exceeded.add(length);
                if (closes) {
                    super.lengthLimitExceeded(length);
                }
            }
        };
        return receiver(p, strings, exceeded, p::sendString, p::pauseProducing, p::resumeProducing, 2);
    }

    static Receiver int32(int limit, boolean closes) {
        List<String> strings = new ArrayList<>();
        List<Long> exceeded = new ArrayList<>();
        Int32StringReceiver p = new Int32StringReceiver() {
            {
                maxLength = limit;
            }

            @Override
            protected void stringReceived(byte[] string) {
                strings.add(s(string));
                react(this::pauseProducing, string);
            }

            @Override
            protected void lengthLimitExceeded(long length) {
                exceeded.add(length);
                if (closes) {
                    super.lengthLimitExceeded(length);
                }
            }
        };
        return receiver(p, strings, exceeded, p::sendString, p::pauseProducing, p::resumeProducing, 4);
    }

    private static void react(Runnable pause, byte[] string) {
        if (s(string).equals("pause")) {
            pause.run();
        }
    }

    private static Receiver receiver(Protocol p, List<String> strings, List<Long> exceeded, Consumer<byte[]> send,
            Runnable pause, Runnable resume, int prefixLength) {
        StringTransport.connect(p);
        return new Receiver() {
            public Protocol protocol() {
                return p;
            }

            public List<String> strings() {
                return strings;
            }

            public List<Long> exceeded() {
                return exceeded;
            }

            public void send(byte[] string) {
                send.accept(string);
            }

            public void pause() {
                pause.run();
            }

            public void resume() {
                resume.run();
            }

            public int prefixLength() {
                return prefixLength;
            }
        };
    }

    private static byte[] frame(int prefixLength, long length, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = prefixLength - 1; k >= 0; k--) {
            out.write((int) (length >>> (8 * k)) & 0xFF);
        }
        out.writeBytes(b(payload));
        return out.toByteArray();
    }

    private static byte[] frames(int prefixLength, String... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(frame(prefixLength, p.length(), p));
        }
        return out.toByteArray();
    }

    private static StringTransport transport(Receiver r) {
        return (StringTransport) r.protocol().transport();
    }

    @ParameterizedTest
    @MethodSource("widths") // test_receive, test_buffer: sendString's output parses back in every chunk size
    void sendStringRoundTrips(Maker maker) {
        List<String> strings = List.of("a", "", "b".repeat(100), "c".repeat(200), "hello");
        Receiver sender = maker.make(255, true);
        strings.forEach(x -> sender.send(b(x)));
        byte[] wire = transport(sender).value();
        assertArrayEquals(frames(sender.prefixLength(), strings.toArray(String[]::new)), wire);
        ChunkFeeder.forEachChunkSize(wire, chunks -> {
            Receiver r = maker.make(255, true);
            ChunkFeeder.feed(r.protocol(), chunks);
            assertEquals(strings, r.strings());
        });
    }

    @ParameterizedTest
    @MethodSource("widths") // test_partial: an incomplete string waits
    void anIncompleteStringWaits(Maker maker) {
        int prefix = maker.make(10, true).prefixLength();
        byte[] partial = frame(prefix, 5, "abc");
        ChunkFeeder.forEachChunkSize(partial, chunks -> {
            Receiver r = maker.make(10, true);
            ChunkFeeder.feed(r.protocol(), chunks);
            assertEquals(List.of(), r.strings());
            assertFalse(transport(r).isDisconnecting());
        });
    }

    @ParameterizedTest
    @MethodSource("widths") // the limit at limit - 1 and at the limit
    void stringsUpToTheLimitAreDelivered(Maker maker) {
        int prefix = maker.make(10, true).prefixLength();
        ChunkFeeder.forEachChunkSize(frames(prefix, "x".repeat(9), "y".repeat(10)), chunks -> {
            Receiver r = maker.make(10, true);
            ChunkFeeder.feed(r.protocol(), chunks);
            assertEquals(List.of("x".repeat(9), "y".repeat(10)), r.strings());
            assertEquals(List.of(), r.exceeded());
        });
    }

    @ParameterizedTest
    @MethodSource("widths") // test_lengthLimitExceeded / test_longStringNotDelivered: limit + 1, checked on the prefix alone
    void aLengthOverTheLimitIsRejectedAsSoonAsThePrefixArrives(Maker maker) {
        Receiver r = maker.make(10, true);
        r.protocol().dataReceived(frame(r.prefixLength(), 11, ""));
        assertEquals(List.of(11L), r.exceeded());
        assertTrue(transport(r).isDisconnecting());

        int prefix = r.prefixLength();
        byte[] input = new ByteArrayOutputStream() {
            {
                writeBytes(frames(prefix, "ok"));
                writeBytes(frame(prefix, 11, "z".repeat(11)));
                writeBytes(frames(prefix, "never"));
            }
        }.toByteArray();
        ChunkFeeder.forEachChunkSize(input, chunks -> {
            Receiver each = maker.make(10, true);
            ChunkFeeder.feed(each.protocol(), chunks);
            assertEquals(List.of("ok"), each.strings());
            assertEquals(List.of(11L), each.exceeded());
            assertTrue(transport(each).isDisconnecting());
        });
    }

    @ParameterizedTest
    @MethodSource("widths") // Twisted #8105: a handler that keeps the connection never sees a string twice
    void afterTheLimitNoStringIsDeliveredTwice(Maker maker) {
        int prefix = maker.make(10, false).prefixLength();
        byte[] input = new ByteArrayOutputStream() {
            {
                writeBytes(frames(prefix, "one", "two"));
                writeBytes(frame(prefix, 11, "z"));
            }
        }.toByteArray();
        ChunkFeeder.forEachChunkSize(input, chunks -> {
            Receiver r = maker.make(10, false);
            ChunkFeeder.feed(r.protocol(), chunks);
            r.protocol().dataReceived(frames(prefix, "three"));
            r.protocol().dataReceived(frames(prefix, "four"));
            assertEquals(List.of("one", "two"), r.strings());
            assertEquals(List.of(11L), r.exceeded());
            assertFalse(transport(r).isDisconnecting());
        });
    }

    @ParameterizedTest
    @MethodSource("widths") // _PauseableMixin: pausing in stringReceived holds the rest until resume
    void pauseHoldsStringsUntilResume(Maker maker) {
        int prefix = maker.make(10, true).prefixLength();
        ChunkFeeder.forEachChunkSize(frames(prefix, "a", "pause", "b", "c"), chunks -> {
            Receiver r = maker.make(10, true);
            ChunkFeeder.feed(r.protocol(), chunks);
            assertEquals(List.of("a", "pause"), r.strings());
            assertEquals(StringTransport.ProducerState.PAUSED, transport(r).producerState());
            r.resume();
            assertEquals(List.of("a", "pause", "b", "c"), r.strings());
            assertEquals(StringTransport.ProducerState.PRODUCING, transport(r).producerState());
        });
    }

    @ParameterizedTest
    @MethodSource("widths") // test_tooLongSend
    void sendStringRefusesWhatThePrefixCannotHold(Maker maker) {
        Receiver r = maker.make(10, true);
        if (r.prefixLength() > 2) {
            return; // an Int32 prefix holds any Java array's length
        }
        int max = (1 << (8 * r.prefixLength())) - 1;
        r.send(new byte[max]);
        assertEquals(r.prefixLength() + max, transport(r).value().length);
        assertThrows(StringTooLongError.class, () -> r.send(new byte[max + 1]));
    }

    @ParameterizedTest
    @MethodSource("widths") // a 32-bit length above 2^31 is an unsigned number over the limit, not a negative one
    void prefixesAreUnsigned(Maker maker) {
        Receiver r = maker.make(Integer.MAX_VALUE, true);
        byte[] allOnes = new byte[r.prefixLength()];
        java.util.Arrays.fill(allOnes, (byte) 0xFF);
        r.protocol().dataReceived(allOnes);
        long expected = (1L << (8 * r.prefixLength())) - 1;
        if (expected > Integer.MAX_VALUE) {
            assertEquals(List.of(expected), r.exceeded());
        } else {
            assertEquals(List.of(), r.exceeded());
            assertEquals(List.of(), r.strings());
        }
    }
}
