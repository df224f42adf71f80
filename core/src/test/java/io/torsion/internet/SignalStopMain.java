package io.torsion.internet;

import io.torsion.defer.Deferred;

/**
 * A child program for {@link SelectorReactorSignalTest}: runs the default reactor until a signal
 * stops it, printing each shutdown phase. The before-shutdown trigger returns a Deferred that fires
 * later, so the output shows that the shutdown waited for it.
 */
public final class SignalStopMain {
    private SignalStopMain() {
    }

    /**
     * Runs the program.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        SelectorReactor reactor = SelectorReactor.getDefault();
        reactor.addSystemEventTrigger(ReactorCore.Phase.BEFORE, ReactorCore.SystemEvent.SHUTDOWN, () -> {
            say("before shutdown");
            Deferred<Void> d = new Deferred<>();
            reactor.callLater(0.2, () -> {
                say("before shutdown Deferred fired");
                d.callback(null);
            });
            return d;
        });
        reactor.addSystemEventTrigger(ReactorCore.Phase.DURING, ReactorCore.SystemEvent.SHUTDOWN,
                () -> say("during shutdown"));
        reactor.addSystemEventTrigger(ReactorCore.Phase.AFTER, ReactorCore.SystemEvent.SHUTDOWN,
                () -> say("after shutdown"));
        reactor.callWhenRunning(() -> say("running"));
        reactor.run();
        say("run returned");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
