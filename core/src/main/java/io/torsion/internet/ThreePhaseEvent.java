package io.torsion.internet;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.internal.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The triggers of one system event, fired once in three phases (Twisted's
 * {@code _ThreePhaseEvent}): {@code BEFORE} triggers, then, once the Deferreds they returned have
 * all fired (failures are logged), the owner's state change, {@code DURING} and {@code AFTER}
 * triggers, and the owner's completion step.
 *
 * <p>Each phase runs its triggers first in, first out until none is left, so a trigger added to the
 * running phase runs in it and a removed one does not.
 *
 * <p>Threading: reactor thread only.
 */
final class ThreePhaseEvent {
    private final ReactorCore.SystemEvent event;
    private final Map<ReactorCore.Phase, ArrayDeque<SystemEventTrigger>> phases =
            new EnumMap<>(ReactorCore.Phase.class);
    private boolean fired;

    ThreePhaseEvent(ReactorCore.SystemEvent event) {
        this.event = event;
        for (ReactorCore.Phase p : ReactorCore.Phase.values()) {
            phases.put(p, new ArrayDeque<>());
        }
    }

    void add(SystemEventTrigger trigger) {
        phases.get(trigger.phase()).add(trigger);
    }

    void remove(SystemEventTrigger trigger) {
        switch (trigger.status) {
            case RAN -> throw new IllegalArgumentException(trigger + " has already run");
            case REMOVED -> throw new IllegalArgumentException(trigger + " was already removed");
            case ADDED -> {
                phases.get(trigger.phase()).remove(trigger);
                trigger.status = SystemEventTrigger.Status.REMOVED;
            }
        }
    }

    /**
     * Fires the event.
     *
     * @param loop runs the triggers inside its catch-all
     * @param atDuring the owner's state change, run before the {@code DURING} triggers
     * @param afterAll run after the {@code AFTER} triggers
     * @throws IllegalStateException if the event has already been fired
     */
    void fire(EventLoop loop, Runnable atDuring, Runnable afterAll) {
        if (fired) {
            throw new IllegalStateException("the " + event + " event has already been fired");
        }
        fired = true;
        List<Deferred<?>> waits = new ArrayList<>();
        ArrayDeque<SystemEventTrigger> before = phases.get(ReactorCore.Phase.BEFORE);
        for (SystemEventTrigger t; (t = before.poll()) != null; ) {
            Deferred<?> d = runTrigger(loop, t);
            if (d != null) {
                waits.add(d);
            }
        }
        if (waits.isEmpty()) {
            continueFiring(loop, atDuring, afterAll);
            return;
        }
        int[] remaining = {waits.size()};
        for (Deferred<?> d : waits) {
            d.addBoth(result -> {
                if (result instanceof Failure failure) {
                    loop.logError("Deferred returned by a before-" + name() + " trigger:", d, failure.value());
                }
                if (--remaining[0] == 0) {
                    continueFiring(loop, atDuring, afterAll);
                }
                return null;
            });
        }
    }

    private void continueFiring(EventLoop loop, Runnable atDuring, Runnable afterAll) {
        atDuring.run();
        for (ReactorCore.Phase phase : List.of(ReactorCore.Phase.DURING, ReactorCore.Phase.AFTER)) {
            ArrayDeque<SystemEventTrigger> triggers = phases.get(phase);
            for (SystemEventTrigger t; (t = triggers.poll()) != null; ) {
                runTrigger(loop, t);
            }
        }
        afterAll.run();
    }

    /** Runs one trigger inside the loop's catch-all; returns the Deferred it returned, or null. */
    private Deferred<?> runTrigger(EventLoop loop, SystemEventTrigger t) {
        t.status = SystemEventTrigger.Status.RAN;
        loop.beginHandler(t.label());
        try {
            return t.action.call();
        } catch (Throwable e) {
            loop.logError(t.phase().name().toLowerCase(java.util.Locale.ROOT) + "-" + name() + " trigger", t.label(), e);
            return null;
        }
    }

    private String name() {
        return event.name().toLowerCase(java.util.Locale.ROOT);
    }
}
