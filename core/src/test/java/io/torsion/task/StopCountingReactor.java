package io.torsion.task;

import io.torsion.defer.Deferred;
import io.torsion.internet.Address;
import io.torsion.internet.ClientFactory;
import io.torsion.internet.Connector;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.ListeningPort;
import io.torsion.internet.Reactor;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.SystemEventTrigger;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/** A reactor that hands every call to a real one and counts the calls to {@code stop()}. */
final class StopCountingReactor implements Reactor {
    private final Reactor delegate;
    private int stops;

    StopCountingReactor(Reactor delegate) {
        this.delegate = delegate;
    }

    int stopCalls() {
        return stops;
    }

    @Override
    public void stop() {
        stops++;
        delegate.stop();
    }

    @Override
    public void run() {
        delegate.run();
    }

    @Override
    public boolean isRunning() {
        return delegate.isRunning();
    }

    @Override
    public void callWhenRunning(Runnable callable) {
        delegate.callWhenRunning(callable);
    }

    @Override
    public SystemEventTrigger addSystemEventTrigger(Phase phase, SystemEvent event, Runnable trigger) {
        return delegate.addSystemEventTrigger(phase, event, trigger);
    }

    @Override
    public SystemEventTrigger addSystemEventTrigger(Phase phase, SystemEvent event,
            Callable<? extends Deferred<?>> trigger) {
        return delegate.addSystemEventTrigger(phase, event, trigger);
    }

    @Override
    public void removeSystemEventTrigger(SystemEventTrigger trigger) {
        delegate.removeSystemEventTrigger(trigger);
    }

    @Override
    public double seconds() {
        return delegate.seconds();
    }

    @Override
    public DelayedCall callLater(double delaySeconds, Runnable callable) {
        return delegate.callLater(delaySeconds, callable);
    }

    @Override
    public List<DelayedCall> getDelayedCalls() {
        return delegate.getDelayedCalls();
    }

    @Override
    public void callFromThread(Runnable callable) {
        delegate.callFromThread(callable);
    }

    @Override
    public void callInThread(Runnable callable) {
        delegate.callInThread(callable);
    }

    @Override
    public <T> Deferred<T> deferToThread(Callable<? extends T> f) {
        return delegate.deferToThread(f);
    }

    @Override
    public <T> T blockingCallFromThread(Callable<? extends T> f) throws Exception {
        return delegate.blockingCallFromThread(f);
    }

    @Override
    public <T> T blockingCallFromThreadDeferred(Callable<? extends Deferred<? extends T>> f) throws Exception {
        return delegate.blockingCallFromThreadDeferred(f);
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        delegate.suggestThreadPoolSize(size);
    }

    @Override
    public Executor getThreadPool() {
        return delegate.getThreadPool();
    }

    @Override
    public boolean isReactorThread() {
        return delegate.isReactorThread();
    }

    @Override
    public ListeningPort listenTCP(int port, ServerFactory<?> factory, int backlog, String interfaceAddress) {
        return delegate.listenTCP(port, factory, backlog, interfaceAddress);
    }

    @Override
    public Connector connectTCP(String host, int port, ClientFactory<?> factory, double timeoutSeconds,
            Address bindAddress) {
        return delegate.connectTCP(host, port, factory, timeoutSeconds, bindAddress);
    }
}
