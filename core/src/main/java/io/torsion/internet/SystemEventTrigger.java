package io.torsion.internet;

import io.torsion.defer.Deferred;
import java.util.concurrent.Callable;

/**
 * The handle of a trigger added with {@link ReactorCore#addSystemEventTrigger}, used to remove it
 * (Twisted's trigger ID).
 *
 * <p>Threading: owned by the reactor thread; {@link #phase()}, {@link #event()} and
 * {@link #toString()} are immutable data, safe anywhere.
 */
public final class SystemEventTrigger {
    /** What a trigger is in now; checked by removal. */
    enum Status { ADDED, RAN, REMOVED }

    private final Object owner;
    private final ReactorCore.Phase phase;
    private final ReactorCore.SystemEvent event;
    /** The trigger, as a Callable returning a Deferred or null. */
    final Callable<? extends Deferred<?>> action;
    private final Object label;
    Status status = Status.ADDED;

    SystemEventTrigger(Object owner, ReactorCore.Phase phase, ReactorCore.SystemEvent event,
            Callable<? extends Deferred<?>> action, Object label) {
        this.owner = owner;
        this.phase = phase;
        this.event = event;
        this.action = action;
        this.label = label;
    }

    /**
     * Returns the phase the trigger was added to.
     *
     * @return the phase
     */
    public ReactorCore.Phase phase() {
        return phase;
    }

    /**
     * Returns the event the trigger was added to.
     *
     * @return the event
     */
    public ReactorCore.SystemEvent event() {
        return event;
    }

    boolean ownedBy(Object reactor) {
        return owner == reactor;
    }

    /** Returns what to name in logs: the user's Runnable or Callable. */
    Object label() {
        return label;
    }

    @Override
    public String toString() {
        return "<SystemEventTrigger " + phase + " " + event + " " + label + ">";
    }
}
