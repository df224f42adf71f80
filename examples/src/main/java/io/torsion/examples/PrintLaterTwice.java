package io.torsion.examples;

import io.torsion.defer.Deferred;
import io.torsion.internet.ReactorTime;
import io.torsion.internet.SelectorReactor;

/**
 * Prints "The future is now!" twice, one second after it starts, then runs until Ctrl-C: the
 * tutorial's second program, which builds the Deferred by hand, adds two callbacks that print the
 * result and pass it on, and has the reactor fire it with {@code callLater}.
 * <pre>
 * $ java -cp core/target/classes:examples/target/classes io.torsion.examples.PrintLaterTwice
 * The future is now!        (a second later)
 * The future is now!        (press Ctrl-C to quit)
 * </pre>
 *
 * <p>With {@code --stop-after-printing} it stops the reactor once it has printed, and exits.
 *
 * <p>Threading: {@link #main} runs on the thread that starts the program, which becomes the
 * reactor thread when it calls {@code run()}.
 */
public final class PrintLaterTwice {
    private PrintLaterTwice() {
    }

    /** A callback: prints the result, then returns it unchanged for the next callback. */
    static String printAndPassThrough(String result) {
        System.out.println(result);
        return result;
    }

    /** Prints {@code message} twice, one second from now; the Deferred fires with it. */
    static Deferred<String> printLaterTwice(ReactorTime reactor, String message) {
        Deferred<String> d = new Deferred<>();
        // The chain: the result goes through the first callback, which hands it to the second.
        d.addCallback(PrintLaterTwice::printAndPassThrough)
                .addCallback(PrintLaterTwice::printAndPassThrough);
        // In one second the reactor fires d with the message, which runs the chain.
        reactor.callLater(1.0, () -> d.callback(message));
        return d;
    }

    /**
     * Runs the program.
     *
     * @param args nothing, or {@code --stop-after-printing}
     */
    public static void main(String[] args) {
        boolean stopAfterPrinting = ExampleOptions.stopAfterPrinting(PrintLaterTwice.class, args);
        SelectorReactor reactor = SelectorReactor.getDefault();

        Deferred<String> printed = printLaterTwice(reactor, "The future is now!");
        if (stopAfterPrinting) {
            printed.addFinally(reactor::stop);
        }

        // Run until Ctrl-C (or the stop above).
        reactor.run();
    }
}
