package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.internal.ChannelHandler;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The internal channel registration that the transports build on, exercised with a Pipe. */
@Timeout(120)
class SelectorReactorChannelTest {
    private final RecordingLogger log = new RecordingLogger();
    private final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(log));

    @Test
    void aRegisteredChannelIsServedOnTheReactorThread() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        CompletableFuture<String> received = new CompletableFuture<>();
        reactor.loop().register(pipe.source(), SelectionKey.OP_READ, key -> {
            ByteBuffer buf = ByteBuffer.allocate(64);
            int n = pipe.source().read(buf);
            received.complete(reactor.isReactorThread() + ":" + new String(buf.array(), 0, n, StandardCharsets.US_ASCII));
            key.cancel();
        });
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            pipe.sink().write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("true:hello", received.get(WAIT_SECONDS, TimeUnit.SECONDS));
            runner.stopAndJoin();
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void aFailingChannelHandlerIsLoggedAndClosedAndTheLoopGoesOn() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            runner.call(() -> reactor.loop().register(pipe.source(), SelectionKey.OP_READ, new ChannelHandler() {
                @Override
                public void channelReady(SelectionKey key) {
                    throw new IllegalStateException("protocol bug");
                }

                @Override
                public void channelFailed(SelectionKey key, Throwable error) {
                    ChannelHandler.super.channelFailed(key, error);
                    failed.complete(error);
                }
            }));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals("protocol bug", failed.get(WAIT_SECONDS, TimeUnit.SECONDS).getMessage());
            assertFalse(pipe.source().isOpen(), "the default channelFailed closes the channel");
            assertEquals("still alive", runner.call(() -> "still alive"));
            runner.stopAndJoin();
        } finally {
            pipe.sink().close();
        }
        assertTrue(log.at(System.Logger.Level.ERROR).stream().anyMatch(e -> e.error() != null
                && "protocol bug".equals(e.error().getMessage())));
    }

    @Test
    void getChannelsListsTheOpenRegisteredChannelsBeforeDuringAndAfterTheRun() throws Exception {
        Pipe left = Pipe.open();
        Pipe closed = Pipe.open();
        try {
            assertEquals(List.of(), reactor.getChannels());
            reactor.loop().register(left.source(), SelectionKey.OP_READ, key -> { });
            reactor.loop().register(closed.source(), SelectionKey.OP_READ, key -> { });
            closed.source().close();
            assertEquals(List.of(left.source()), reactor.getChannels(), "before run()");
            try (ReactorRunner runner = ReactorRunner.start(reactor)) {
                assertEquals(List.of(left.source()), runner.call(reactor::getChannels), "while running");
                runner.stopAndJoin();
            }
            assertEquals(List.of(left.source()), reactor.getChannels(), "after the reactor stopped");
            assertTrue(left.source().isOpen(), "stopping deregisters a channel without closing it");
            left.source().close();
            assertEquals(List.of(), reactor.getChannels());
        } finally {
            left.sink().close();
            left.source().close();
            closed.sink().close();
        }
    }
}
