package io.torsion.internet;

import io.torsion.defer.Failure;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A protocol for transport tests that records what happens to it, readable from the test's thread,
 * and wakes whoever waits on {@link #SIGNAL} at each event. Hooks let a test act on events.
 */
class Recorder extends Protocol {
    /** Notified at every event of every recorder. */
    static final Object SIGNAL = new Object();

    final CompletableFuture<Transport> made = new CompletableFuture<>();
    final CompletableFuture<Failure> lost = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    Consumer<Recorder> onMade = r -> { };
    Consumer<byte[]> onData = d -> { };

    @Override
    public void connectionMade() {
        event("made");
        made.complete(transport());
        onMade.accept(this);
    }

    @Override
    public void dataReceived(byte[] data) {
        synchronized (this) {
            received.write(data, 0, data.length);
        }
        onData.accept(data);
        signal();
    }

    @Override
    public void connectionLost(Failure reason) {
        event("lost:" + reason.type().getSimpleName());
        lost.complete(reason);
    }

    synchronized byte[] received() {
        return received.toByteArray();
    }

    synchronized int receivedCount() {
        return received.size();
    }

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    void event(String e) {
        synchronized (this) {
            events.add(e);
        }
        signal();
    }

    static void signal() {
        synchronized (SIGNAL) {
            SIGNAL.notifyAll();
        }
    }

    boolean isLost() {
        return lost.isDone();
    }

    Class<? extends Throwable> lostType() {
        return lost.getNow(null) == null ? null : lost.getNow(null).type();
    }

    /** A recorder that hears of each half of the connection closing. */
    static class HalfClose extends Recorder implements HalfCloseableProtocol {
        Runnable onReadLost = () -> { };

        @Override
        public void readConnectionLost() {
            event("readLost");
            onReadLost.run();
        }

        @Override
        public void writeConnectionLost() {
            event("writeLost");
        }
    }
}
