package io.torsion.cli;

import io.torsion.defer.Deferred;
import io.torsion.defer.DeferredList;
import io.torsion.defer.Failure;
import io.torsion.internet.DelayedCall;
import io.torsion.internet.SelectorReactor;
import io.torsion.task.LoopingCall;
import io.torsion.web.client.Agent;
import io.torsion.web.client.HttpAgent;
import io.torsion.web.client.RedirectAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code torsion get URL...}: downloads every URL at once on one reactor and prints one line per
 * URL as each finishes, in the order they finish (the tutorial's concurrent {@code getPage}
 * downloads as a tool):
 * <pre>
 * OK   http://localhost:8080/notes.txt 1234 bytes in 12 ms
 * FAIL http://localhost:8080/missing: HttpError: 404 Not Found
 * </pre>
 *
 * <p>Redirects are followed; a final status outside 2xx is a failure, as with {@code getPage}.
 * With {@code -o DIR} each body is streamed to a file in DIR named by {@link SaveNames}; see
 * {@link Download} for how it is written (on the reactor thread, one received chunk at a time).
 *
 * <p>On a terminal ({@code System.console() != null}), once a download has run for
 * {@value #PROGRESS_AFTER_SECONDS} s a {@link StatusLine} shows the bytes (and percentage, when
 * the length is known) of each running download; it is cleared before each result line. Anything
 * else (a pipe, a file, a test) sees only the result lines.
 *
 * <p>Exit status: 0 if every download succeeded, 1 if any failed (or the reactor was stopped first), 2 for a usage error (no URL, an
 * output folder that does not exist) reported as one line on standard error.
 *
 * <p>Threading: runs on the calling thread, which becomes the reactor thread.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Downloads URLs concurrently, printing one line per URL as each finishes; "
                + "exits with 1 if any failed.")
final class GetCommand implements Callable<Integer> {
    /** How long a download runs before the progress line appears, on a terminal. */
    static final double PROGRESS_AFTER_SECONDS = 0.5;
    /** How often the progress line is redrawn. */
    static final double PROGRESS_EVERY_SECONDS = 0.2;

    private final CliContext context;

    @Parameters(paramLabel = "URL", arity = "1..*", description = "The http or https URLs to download.")
    List<String> urls;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Saves each body to a file in DIR, named after the URL's last path segment "
                    + "(index.html if empty; .1, .2, ... appended to keep names unique).")
    Path output;

    /** Whether to draw the progress line; tests may set it, to see the line on a non-terminal. */
    boolean terminal = System.console() != null;

    GetCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (output != null && !Files.isDirectory(output)) {
            throw new CliError("-o " + output + " is not a folder");
        }
        SelectorReactor reactor = context.reactors().get();
        boolean[] anyFailed = {false};
        boolean[] finished = {false};
        reactor.callWhenRunning(() -> downloadAll(reactor, anyFailed).addFinally(() -> {
            finished[0] = true;
            reactor.stop();
        }));
        reactor.run();
        // Stopped early (Ctrl-C): some downloads never finished, which counts as failing.
        return anyFailed[0] || !finished[0] ? 1 : 0;
    }

    /** Starts every download; fires, never with a failure, once each has printed its line. */
    private Deferred<List<Void>> downloadAll(SelectorReactor reactor, boolean[] anyFailed) {
        Agent agent = new RedirectAgent(new HttpAgent(reactor));
        SaveNames names = output == null ? null : new SaveNames(output);
        StatusLine status = new StatusLine(context.out());
        List<Download> running = new ArrayList<>();
        List<Deferred<Void>> reports = new ArrayList<>();
        for (String url : urls) {
            Deferred<Long> outcome;
            Download download = null;
            try {
                download = new Download(reactor, url, names == null ? null : names.pick(url));
                running.add(download);
                outcome = download.start(agent);
            } catch (SaveNames.UnsafeNameError e) {
                outcome = Deferred.fail(e);
            }
            Download d = download;
            double started = reactor.seconds();
            reports.add(outcome.<Void>addCallbacks(size -> {
                report(status, "OK   " + url + " " + size + " bytes in " + millis(reactor.seconds() - started));
                return null;
            }, failure -> {
                anyFailed[0] = true;
                report(status, "FAIL " + url + ": " + reason(failure));
                return null;
            }).addFinally(() -> running.remove(d)));
        }
        LoopingCall progress = new LoopingCall(reactor, () -> {
            List<Download> shown = running.stream()
                    .filter(d -> reactor.seconds() - d.startedAt() >= PROGRESS_AFTER_SECONDS).toList();
            if (!shown.isEmpty()) {
                status.draw(shown);
            }
            return null;
        });
        DelayedCall drawing = terminal ? reactor.callLater(PROGRESS_AFTER_SECONDS,
                () -> progress.start(PROGRESS_EVERY_SECONDS)) : null;
        return DeferredList.<Void>gatherResults(reports).addFinally(() -> {
            if (drawing != null && drawing.active()) {
                drawing.cancel();
            }
            if (progress.isRunning()) {
                progress.stop();
            }
            status.clear();
        });
    }

    private void report(StatusLine status, String line) {
        status.clear();
        context.out().println(line);
        context.out().flush();
    }

    private static String millis(double seconds) {
        return String.format(Locale.ROOT, "%d ms", Math.round(seconds * 1000));
    }

    /** One line: the error's simple class name and its message, never a stack trace. */
    static String reason(Failure failure) {
        Throwable error = failure.value();
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
