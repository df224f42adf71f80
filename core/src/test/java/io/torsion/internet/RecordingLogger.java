package io.torsion.internet;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A System.Logger that keeps every record, for tests that check what a reactor logged. */
class RecordingLogger implements System.Logger {
    record Entry(Level level, String message, Throwable error) {
        boolean mentions(String text) {
            return message.contains(text);
        }
    }

    private final BlockingQueue<Entry> fresh = new LinkedBlockingQueue<>();
    private final List<Entry> all = new ArrayList<>();

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        Entry e = new Entry(level, msg, thrown);
        synchronized (all) {
            all.add(e);
        }
        fresh.add(e);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                (Throwable) null);
    }

    List<Entry> entries() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    List<Entry> at(Level level) {
        return entries().stream().filter(e -> e.level() == level).toList();
    }

    /** Waits (bounded) for a record matching {@code p} to be logged after the last await. */
    Entry await(Predicate<Entry> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            Entry e = fresh.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("nothing matching was logged within " + seconds + " s; logged: " + entries());
            }
            if (p.test(e)) {
                return e;
            }
        }
    }
}
