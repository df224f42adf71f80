package io.torsion.web;

import io.torsion.internet.Address;
import io.torsion.internet.ReactorTime;
import io.torsion.internet.ServerFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Serves a {@link Resource} tree over HTTP: a server factory whose connections are
 * {@link HttpChannel}s (Twisted's {@code twisted.web.server.Site}).
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("", new File(Path.of("public")));
 * reactor.listenTCP(8080, new Site(root, reactor));
 * }</pre>
 *
 * <p>Threading: reactor thread only (it is used by the reactor's listening port).
 */
public class Site extends ServerFactory<HttpChannel> {
    private final Resource resource;
    private final ReactorTime clock;
    private final HttpSettings settings;
    /** Where access log lines go; null (the default) logs nothing and formats nothing. */
    private Consumer<String> accessLog;
    private LongSupplier wallClock = System::currentTimeMillis;
    private final DateCache httpDate = new DateCache(HttpSyntax.HTTP_DATE);
    private final DateCache logDate = new DateCache(LOG_DATE);

    private static final DateTimeFormatter LOG_DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * Creates a site with the default {@link HttpSettings}.
     *
     * @param resource the root of the tree
     * @param clock the reactor (or a {@code Clock} in tests) that drives timeouts
     */
    public Site(Resource resource, ReactorTime clock) {
        this(resource, clock, HttpSettings.defaults());
    }

    /**
     * Creates a site.
     *
     * @param resource the root of the tree
     * @param clock the reactor (or a {@code Clock} in tests) that drives timeouts
     * @param settings the limits and timeouts for every connection
     */
    public Site(Resource resource, ReactorTime clock, HttpSettings settings) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Builds the channel for a new connection.
     *
     * @param address the client's address
     * @return a new {@link HttpChannel} for this site
     */
    @Override
    public HttpChannel buildProtocol(Address address) {
        HttpChannel channel = new HttpChannel(this);
        channel.setFactory(this);
        return channel;
    }

    /**
     * Finds the resource that renders {@code request} by walking the tree from the root, moving one
     * segment at a time from its postpath to its prepath (Twisted's {@code getResourceFor}).
     *
     * @param request the request
     * @return the resource reached
     */
    public Resource getResourceFor(Request request) {
        Resource r = resource;
        List<String> post = request.getPostpath();
        while (!post.isEmpty() && !r.isLeaf()) {
            String segment = post.remove(0);
            request.getPrepath().add(segment);
            r = r.getChildWithDefault(segment, request);
        }
        return r;
    }

    /**
     * Sends one line per finished request, in combined log format, to {@code sink} (Twisted's
     * {@code Site(logPath=…)}); by default nothing is logged.
     *
     * @param sink receives each line, without a line terminator, on the reactor thread
     */
    public void setAccessLog(Consumer<String> sink) {
        this.accessLog = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Records a finished request in the access log (Twisted's {@code HTTPFactory.log}); override to
     * log differently.
     *
     * @param request the request, just finished
     */
    protected void log(Request request) {
        if (accessLog != null) {
            accessLog.accept(combinedLogLine(request, logDate.format(wallClock.getAsLong())));
        }
    }

    /** The {@code Date} header value for a response sent now; formatted once per second. */
    String httpDate() {
        return httpDate.format(wallClock.getAsLong());
    }

    /** For tests: the wall clock, in milliseconds since the epoch, behind {@code Date} and the access log. */
    void setWallClock(LongSupplier epochMillis) {
        this.wallClock = Objects.requireNonNull(epochMillis, "epochMillis");
    }

    /**
     * Formats {@code request} as a line of the combined log format, e.g.
     * {@code 127.0.0.1 - - [25/Nov/2026:01:20:48 +0000] "GET / HTTP/1.1" 200 8 "-" "curl/8.5.0"}
     * (Twisted's {@code combinedLogFormatter}, which quotes the address; we do not). Quotes,
     * backslashes and control characters from the client are escaped.
     *
     * @param request the request
     * @param when the time to show
     * @return the line
     */
    public static String combinedLogLine(Request request, Instant when) {
        return combinedLogLine(request, LOG_DATE.format(when));
    }

    private static String combinedLogLine(Request request, String when) {
        String ip = request.getClientAddress() instanceof io.torsion.internet.IPv4Address a ? a.host()
                : request.getClientAddress() instanceof io.torsion.internet.IPv6Address b ? b.host() : "-";
        return ip + " - - [" + when + "] \"" + escape(request.getMethod() + " " + request.getUri()
                + " " + request.getClientProto()) + "\" " + request.getResponseCode() + " "
                + (request.getBodyBytesSent() == 0 ? "-" : Long.toString(request.getBodyBytesSent())) + " \""
                + escape(request.getHeader("Referer").orElse("-")) + "\" \""
                + escape(request.getHeader("User-Agent").orElse("-")) + "\"";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Returns the root resource.
     *
     * @return the root
     */
    public Resource resource() {
        return resource;
    }

    /**
     * Returns the limits and timeouts.
     *
     * @return the settings
     */
    public HttpSettings settings() {
        return settings;
    }

    /**
     * Returns the time source that drives timeouts.
     *
     * @return the clock
     */
    public ReactorTime clock() {
        return clock;
    }
}
