package io.torsion.examples;

import io.torsion.defer.Deferred;
import io.torsion.defer.DeferredList;
import io.torsion.internet.Reactor;
import io.torsion.internet.SelectorReactor;
import io.torsion.web.client.Client;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads several pages at once and reports each one as soon as it arrives, then stops: the
 * tutorial's third program, where {@code getPage} returns a Deferred at once instead of blocking,
 * so that a slow page never holds up the others, and a bad URL fails through the errback.
 * <pre>
 * $ java ... io.torsion.examples.BlockingInput http://example.com/ a_bad_url
 * Failed to get a_bad_url: InvalidUrlError: not an absolute URL (no scheme): "a_bad_url"
 * Got 1256 bytes from http://example.com/
 * All done.
 * </pre>
 *
 * <p>Lines come in the order the downloads finish, not the order of the arguments. With no
 * arguments it fetches a few well-known pages and {@code a_bad_url}.
 *
 * <p>Threading: {@link #main} runs on the thread that starts the program, which becomes the
 * reactor thread when it calls {@code run()}.
 */
public final class BlockingInput {
    /** What the program fetches when given no arguments, as the tutorial does. */
    static final List<String> DEFAULT_URLS = List.of("http://twistedmatrix.com/", "http://example.com/", "a_bad_url");

    private BlockingInput() {
    }

    /** Starts every download; the Deferred fires once each has been reported, never with a failure. */
    static Deferred<Void> downloadAll(Reactor reactor, List<String> urls, PrintStream out) {
        List<Deferred<Void>> reports = new ArrayList<>();
        for (String url : urls) {
            // getPage returns at once; the callbacks run later, when this page is in (or failed).
            Deferred<Void> report = Client.getPage(reactor, url).addCallbacks(page -> {
                out.println("Got " + page.length + " bytes from " + url);
                return null;
            }, failure -> {
                out.println("Failed to get " + url + ": " + failure.type().getSimpleName() + ": "
                        + failure.value().getMessage());
                return null;
            });
            reports.add(report);
        }
        return DeferredList.gatherResults(reports).addCallback(ignored -> {
            out.println("All done.");
            return null;
        });
    }

    /**
     * Runs the program.
     *
     * @param args the URLs to fetch; none for {@link #DEFAULT_URLS}
     */
    public static void main(String[] args) {
        List<String> urls = args.length == 0 ? DEFAULT_URLS : List.of(args);
        SelectorReactor reactor = SelectorReactor.getDefault();
        reactor.callWhenRunning(() -> downloadAll(reactor, urls, System.out).addFinally(reactor::stop));
        reactor.run();
    }
}
