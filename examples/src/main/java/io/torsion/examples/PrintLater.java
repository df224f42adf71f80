package io.torsion.examples;

import io.torsion.defer.Deferred;
import io.torsion.internet.ReactorTime;
import io.torsion.internet.SelectorReactor;
import io.torsion.task.Tasks;

/**
 * Prints "The future is now!" one second after it starts, then runs until Ctrl-C: the tutorial's
 * first program, which asks the reactor to call a function later with {@code deferLater}.
 * <pre>
 * $ java -cp core/target/classes:examples/target/classes io.torsion.examples.PrintLater
 * The future is now!        (a second later; press Ctrl-C to quit)
 * </pre>
 *
 * <p>With {@code --stop-after-printing} it stops the reactor once it has printed, and exits.
 *
 * <p>Threading: {@link #main} runs on the thread that starts the program, which becomes the
 * reactor thread when it calls {@code run()}.
 */
public final class PrintLater {
    private PrintLater() {
    }

    /** Prints {@code message} one second from now; the Deferred fires once it is printed. */
    static Deferred<Void> printLater(ReactorTime reactor, String message) {
        // Nothing is printed here: deferLater only asks the reactor to call the function in 1 s,
        // and hands back a Deferred for what the function will return.
        return Tasks.deferLater(reactor, 1.0, () -> {
            System.out.println(message);
            return null;
        });
    }

    /**
     * Runs the program.
     *
     * @param args nothing, or {@code --stop-after-printing}
     */
    public static void main(String[] args) {
        boolean stopAfterPrinting = ExampleOptions.stopAfterPrinting(PrintLater.class, args);
        // The process-wide reactor, as Twisted's "from twisted.internet import reactor";
        // Ctrl-C stops it cleanly.
        SelectorReactor reactor = SelectorReactor.getDefault();

        Deferred<Void> printed = printLater(reactor, "The future is now!");
        if (stopAfterPrinting) {
            printed.addFinally(reactor::stop);
        }

        // Start the event loop. One second later it runs our function; then it waits for events
        // that never come, until Ctrl-C (or the stop above) ends it.
        reactor.run();
    }
}
