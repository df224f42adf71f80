package io.torsion.internet.internal;

import io.torsion.internet.AlreadyCalled;
import io.torsion.internet.AlreadyCancelled;
import io.torsion.internet.DelayedCall;

/**
 * A call scheduled on an {@link EventLoop}: the {@link DelayedCall} that {@code callLater} returns
 * and, at the same time, its entry in the loop's {@link TimerQueue}.
 *
 * <p>Lifecycle: 1. pending (queued) → 2a. called (marked before the callable runs, so that it is
 * already inactive while running, as in Twisted), or 2b. cancelled (its callable is dropped at once).
 *
 * <p>Threading: reactor thread only.
 */
final class TimedCall extends TimerQueue.Entry implements DelayedCall {
    private enum State { PENDING, CALLED, CANCELLED }

    private final EventLoop loop;
    private Runnable callable;
    private State state = State.PENDING;

    TimedCall(EventLoop loop, Runnable callable) {
        this.loop = loop;
        this.callable = callable;
    }

    /** Marks the call as called and returns what to run. */
    Runnable take() {
        state = State.CALLED;
        Runnable r = callable;
        callable = null;
        return r;
    }

    @Override
    public double getTime() {
        return LoopTime.toSeconds(due());
    }

    @Override
    public void cancel() {
        assert loop.checkThread("DelayedCall.cancel");
        checkPending();
        state = State.CANCELLED;
        callable = null;
        loop.timers().remove(this);
    }

    @Override
    public void delay(double secondsLater) {
        assert loop.checkThread("DelayedCall.delay");
        checkPending();
        loop.timers().reschedule(this, LoopTime.plus(due(), LoopTime.toNanos(secondsLater)));
    }

    @Override
    public void reset(double secondsFromNow) {
        assert loop.checkThread("DelayedCall.reset");
        checkPending();
        loop.timers().reschedule(this, LoopTime.plus(LoopTime.nanos(), LoopTime.toNanos(secondsFromNow)));
    }

    @Override
    public boolean active() {
        return state == State.PENDING;
    }

    private void checkPending() {
        switch (state) {
            case CALLED -> throw new AlreadyCalled("the call due at " + getTime() + " has already run");
            case CANCELLED -> throw new AlreadyCancelled("the call due at " + getTime() + " was cancelled");
            case PENDING -> { }
        }
    }

    @Override
    public String toString() {
        String when = String.format("%.3fs", getTime() - LoopTime.toSeconds(LoopTime.nanos()));
        return "<DelayedCall [" + when + "] " + state.name().toLowerCase(java.util.Locale.ROOT)
                + (callable == null ? "" : " " + callable) + ">";
    }
}
