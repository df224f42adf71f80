package io.torsion.internet;

import static io.torsion.internet.ReactorRunner.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's end-of-turn flush step, on which the transports' write path relies. */
@Timeout(60)
class SelectorReactorFlushTest {
    @Test
    void aFlushRunsAtTheEndOfItsTurnAndOneQueuedByAFlushRunsInTheNextTurn() throws Exception {
        SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults().withLogger(new RecordingLogger()));
        List<String> order = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        try (ReactorRunner runner = ReactorRunner.start(reactor)) {
            runner.call(() -> {
                reactor.loop().flushAtEndOfTurn(() -> {
                    order.add("flush 1");
                    reactor.loop().flushAtEndOfTurn(() -> {
                        order.add("flush 2");
                        done.complete(List.copyOf(order));
                    });
                });
                reactor.callLater(0, () -> order.add("timed call"));
                reactor.callFromThread(() -> order.add("thread call"));
                order.add("this turn");
                return null;
            });
            // The loop must not sleep in select while a flush is queued: no other event comes.
            assertEquals(List.of("this turn", "flush 1", "thread call", "timed call", "flush 2"),
                    done.get(WAIT_SECONDS, TimeUnit.SECONDS));
            runner.stopAndJoin();
        }
    }
}
