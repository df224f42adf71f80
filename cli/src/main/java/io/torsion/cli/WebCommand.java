package io.torsion.cli;

import io.torsion.internet.Address;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.web.File;
import io.torsion.web.Site;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code torsion web --path DIR [--threads N]}: serves a folder over HTTP/1.1 (Twisted's
 * {@code twist web --path}), printing the address to open, until stopped.
 *
 * <p>A folder that does not exist, a bad endpoint or a port in use is one line on standard error
 * and exit status 2.
 *
 * <p>Threading: runs on the calling thread, which becomes the reactor thread. With
 * {@code --threads N} above 1, N reactor threads of a {@link io.torsion.internet.ReactorGroup}
 * serve the connections (TCP endpoints only), each with its own {@code Site} and {@code File}
 * (whose metadata cache is one reactor's), while the calling thread waits to be stopped; the
 * access log is then written from every reactor thread, one whole line at a time.
 */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Serves a folder over HTTP: files, index pages and directory listings.")
final class WebCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--listen", paramLabel = "ENDPOINT", defaultValue = "tcp:8080",
            description = "Where to listen, as an endpoint description such as tcp:8080 or "
                    + "tcp:8080:interface=127.0.0.1 (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--path", paramLabel = "DIR", defaultValue = ".",
            description = "The folder to serve (default: the current folder).")
    Path path;

    @Option(names = "--index", paramLabel = "NAME", split = ",",
            description = "Index file names tried in a folder, in order (default: index.html,index.htm).")
    List<String> indexNames = File.DEFAULT_INDEX_NAMES;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Appends one line per request, in combined log format, to FILE (- for standard output).")
    String accessLog;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Reactor threads serving the connections, for tcp: and tcp6: endpoints "
                    + "(default: ${DEFAULT-VALUE}).")
    int threads;

    WebCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (!Files.isDirectory(path)) {
            throw new CliError("--path " + path + " is not a folder");
        }
        File first = new File(path).withIndexNames(indexNames);
        PrintWriter log = openLog();
        Serve.serve(context, "web server for " + first.path(), threads, listen, reactor -> {
            // One File per reactor: it caches metadata for its reactor thread only.
            File root = threads == 1 ? first : new File(path).withIndexNames(indexNames);
            Site site = new Site(root, reactor);
            if (log != null) {
                site.setAccessLog(line -> {
                    synchronized (log) { // the reactors of a group share the log
                        log.println(line);
                        log.flush();
                    }
                });
            }
            return site;
        }, WebCommand::url);
    }

    private PrintWriter openLog() {
        if (accessLog == null) {
            return null;
        }
        if (accessLog.equals("-")) {
            return context.out();
        }
        try {
            return new PrintWriter(Files.newBufferedWriter(Path.of(accessLog), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        } catch (IOException e) {
            throw new CliError("--access-log " + accessLog + ": " + e.getMessage());
        }
    }

    /** The address to open in a browser: a wildcard address becomes localhost. */
    static String url(Address address) {
        if (address instanceof IPv4Address a) {
            String host = a.host().equals("0.0.0.0") ? "localhost" : a.host();
            return "http://" + host + ":" + a.port() + "/";
        }
        if (address instanceof IPv6Address a) {
            String host = a.host().equals("::") ? "localhost" : "[" + a.host() + "]";
            return "http://" + host + ":" + a.port() + "/";
        }
        return address.toString();
    }
}
