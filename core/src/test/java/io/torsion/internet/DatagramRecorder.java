package io.torsion.internet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A datagram protocol that records what its port tells it, for tests on any thread. */
class DatagramRecorder extends DatagramProtocol {
    /** One datagram and its sender. */
    record Datagram(byte[] data, Address from) {
        String text() {
            return new String(data, StandardCharsets.US_ASCII);
        }
    }

    private final List<Datagram> received = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    volatile int refusals;

    @Override
    public void startProtocol() {
        event("start");
    }

    @Override
    public void stopProtocol() {
        event("stop");
    }

    @Override
    public void datagramReceived(byte[] data, Address address) {
        synchronized (this) {
            received.add(new Datagram(data, address));
        }
        Recorder.signal();
    }

    @Override
    public void connectionRefused() {
        refusals++;
        event("refused");
    }

    synchronized List<Datagram> received() {
        return new ArrayList<>(received);
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
        Recorder.signal();
    }
}
