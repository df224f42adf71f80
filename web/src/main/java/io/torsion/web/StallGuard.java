package io.torsion.web;

import io.torsion.internet.DelayedCall;
import io.torsion.internet.Producer;
import io.torsion.internet.PullProducer;
import io.torsion.internet.PushProducer;
import io.torsion.internet.ReactorTime;
import java.time.Duration;

/**
 * Wraps a response producer and aborts the connection when the client stops taking bytes for too
 * long: a push producer paused, or a pull producer not asked for more, for the send timeout.
 * Without it, a client that never reads would hold a streaming response (and its open file)
 * forever, since no other timer runs while a response is being sent.
 */
final class StallGuard {
    private StallGuard() {
    }

    /** What the request keeps to stop the timer when it unregisters the producer. */
    interface Handle extends Producer {
        void cancelTimer();
    }

    static Handle wrap(Producer producer, ReactorTime clock, Duration timeout, Runnable abort) {
        Timer timer = new Timer(clock, timeout, abort);
        if (producer instanceof PushProducer push) {
            return new GuardedPush(push, timer);
        }
        timer.start();
        return new GuardedPull((PullProducer) producer, timer);
    }

    private record GuardedPush(PushProducer push, Timer timer) implements PushProducer, Handle {
        @Override
        public void pauseProducing() {
            timer.start();
            push.pauseProducing();
        }

        @Override
        public void resumeProducing() {
            timer.stop();
            push.resumeProducing();
        }

        @Override
        public void stopProducing() {
            timer.stop();
            push.stopProducing();
        }

        @Override
        public void cancelTimer() {
            timer.stop();
        }
    }

    private record GuardedPull(PullProducer pull, Timer timer) implements PullProducer, Handle {
        @Override
        public void resumeProducing() {
            timer.start(); // restarted at every request for more
            pull.resumeProducing();
        }

        @Override
        public void stopProducing() {
            timer.stop();
            pull.stopProducing();
        }

        @Override
        public void cancelTimer() {
            timer.stop();
        }
    }

    static final class Timer {
        private final ReactorTime clock;
        private final Duration timeout;
        private final Runnable abort;
        private DelayedCall call;

        Timer(ReactorTime clock, Duration timeout, Runnable abort) {
            this.clock = clock;
            this.timeout = timeout;
            this.abort = abort;
        }

        void start() {
            stop();
            call = clock.callLater(timeout, () -> {
                call = null;
                abort.run();
            });
        }

        void stop() {
            if (call != null && call.active()) {
                call.cancel();
            }
            call = null;
        }
    }
}
