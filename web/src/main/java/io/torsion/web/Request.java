package io.torsion.web;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Address;
import io.torsion.internet.Producer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request and its response: what the client asked, and the calls a resource makes to
 * answer (Twisted's {@code twisted.web.server.Request}, built on {@code http.Request}).
 *
 * <p>Lifecycle: 1. the channel creates it when a request head arrives and fills the body;
 * 2. the site traverses the resource tree and renders; 3. the resource sets the status and
 * headers, {@link #write}s the body (the head goes out with the first write) and calls
 * {@link #finish()} once. With no {@code Content-Length} set, an HTTP/1.1 body is sent chunked;
 * an HTTP/1.0 body is ended by closing the connection. Responses to {@code HEAD}, and 1xx, 204 and
 * 304 responses, carry no body: writes are measured, not sent. A response with a body and no
 * {@code Content-Type} gets {@code text/html}, Twisted's {@code defaultContentType}.
 *
 * <p>If the client goes away first, {@link #notifyFinish()} fails with the reason, later
 * {@link #write}s are dropped and {@link #finish()} throws, as in Twisted.
 *
 * <p>Threading: reactor thread only.
 */
public final class Request {
    private static final System.Logger LOG = System.getLogger(Request.class.getName());

    private enum State { RECEIVING, RENDERING, FINISHED, DISCONNECTED }

    private final HttpChannel channel;
    private final RequestHead head;
    private final RequestBody body;
    private final String path;
    private final String query;
    private final List<String> prepath = new ArrayList<>();
    private final List<String> postpath = new ArrayList<>();
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final Headers responseHeaders = new Headers();
    private final List<Deferred<Void>> finishWaiters = new ArrayList<>();
    private State state = State.RECEIVING;
    private int code = 200;
    private String codeMessage = "OK";
    private final ResponseWriter response;
    private StallGuard.Handle guard;

    Request(HttpChannel channel, RequestHead head, int spoolThreshold) {
        this.channel = channel;
        this.head = head;
        this.body = new RequestBody(spoolThreshold);
        String target = head.target();
        if (HttpSyntax.isAbsoluteForm(target)) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            int q = target.indexOf('?', target.indexOf("//") + 2);
            int cut = slash >= 0 ? slash : q >= 0 ? q : target.length();
            target = cut < target.length() && target.charAt(cut) == '/' ? target.substring(cut) : "/" + target.substring(cut);
        }
        int q = target.indexOf('?');
        this.path = q >= 0 ? target.substring(0, q) : target;
        this.query = q >= 0 ? target.substring(q + 1) : "";
        if (path.startsWith("/")) {
            for (String segment : path.substring(1).split("/", -1)) {
                postpath.add(UrlCoding.unquote(segment, false));
            }
        }
        UrlCoding.parseQuery(query, args);
        this.response = new ResponseWriter(channel, head);
    }

    // ---- what the client asked

    /**
     * Returns the method, e.g. {@code GET}.
     *
     * @return the method token
     */
    public String getMethod() {
        return head.method();
    }

    /**
     * Returns the request target exactly as sent, with its query (Twisted's {@code uri}).
     *
     * @return the target, e.g. {@code /a/b?x=1}
     */
    public String getUri() {
        return head.target();
    }

    /**
     * Returns the path of the target without its query, still percent-encoded (Twisted's {@code path}).
     *
     * @return the path, e.g. {@code /a/b}
     */
    public String getPath() {
        return path;
    }

    /**
     * Returns the protocol version as the client sent it, normalised: {@code HTTP/1.0} or {@code HTTP/1.1}
     * (Twisted's {@code clientproto}).
     *
     * @return the version string
     */
    public String getClientProto() {
        return head.minorVersion() == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }

    /**
     * Returns the decoded path segments already traversed (Twisted's {@code prepath}); traversal moves
     * segments here from {@link #getPostpath()}.
     *
     * @return the live, modifiable list
     */
    public List<String> getPrepath() {
        return prepath;
    }

    /**
     * Returns the decoded path segments not yet traversed (Twisted's {@code postpath}); a leaf resource
     * finds the rest of the path here.
     *
     * @return the live, modifiable list
     */
    public List<String> getPostpath() {
        return postpath;
    }

    /**
     * Returns the query arguments, and for an {@code application/x-www-form-urlencoded} body the
     * form arguments after them, each name with all its values in order (Twisted's {@code args};
     * decoded as UTF-8 text rather than bytes).
     *
     * @return the arguments, unmodifiable
     */
    public Map<String, List<String>> getArgs() {
        return Collections.unmodifiableMap(args);
    }

    /**
     * Returns the first value of argument {@code name}.
     *
     * @param name the argument name
     * @return the first value, or empty when absent
     */
    public Optional<String> getArg(String name) {
        List<String> values = args.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns the request's headers (Twisted's {@code requestHeaders}).
     *
     * @return the headers; case-insensitive, multi-valued
     */
    public Headers getRequestHeaders() {
        return head.headers();
    }

    /**
     * Returns the last value of request header {@code name} (Twisted's {@code getHeader}).
     *
     * @param name the header name, any case
     * @return the value, or empty when absent
     */
    public Optional<String> getHeader(String name) {
        return head.headers().getLast(name);
    }

    /**
     * Returns the value of cookie {@code name} from the {@code Cookie} headers (Twisted's
     * {@code getCookie}).
     *
     * @param name the cookie name
     * @return its value, or empty when not sent
     */
    public Optional<String> getCookie(String name) {
        for (String header : head.headers().getRawHeaders("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the client's address (Twisted's {@code getClientAddress}).
     *
     * @return the peer address of the connection
     */
    public Address getClientAddress() {
        return channel.transport().getPeer();
    }

    /**
     * Returns the server's address on this connection (Twisted's {@code getHost}).
     *
     * @return the local address
     */
    public Address getHost() {
        return channel.transport().getHost();
    }

    /**
     * Returns the host name the client asked for: the authority of an absolute-form target, else the
     * {@code Host} header without its port (Twisted's {@code getRequestHostname}).
     *
     * @return the host name; empty text when the client sent none (HTTP/1.0)
     */
    public String getRequestHostname() {
        String authority = head.headers().getLast("Host").orElse("");
        if (HttpSyntax.isAbsoluteForm(head.target())) {
            String rest = head.target().substring(head.target().indexOf("//") + 2);
            int end = rest.length();
            for (char c : new char[] {'/', '?'}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            authority = rest.substring(0, end);
        }
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(0, close + 1) : authority;
        }
        int colon = authority.lastIndexOf(':');
        return colon >= 0 ? authority.substring(0, colon) : authority;
    }

    /**
     * Tells whether the connection is encrypted (Twisted's {@code isSecure}).
     *
     * @return false: this server speaks plain TCP only so far
     */
    public boolean isSecure() {
        return false;
    }

    /**
     * Returns the absolute URL of the resources traversed so far, e.g. {@code http://host:8080/a/b}
     * (Twisted's {@code prePathURL}); the port is shown unless it is 80.
     *
     * @return the URL
     */
    public String prePathURL() {
        StringBuilder sb = new StringBuilder("http://").append(getRequestHostname());
        int port = getHost() instanceof io.torsion.internet.IPv4Address a ? a.port()
                : getHost() instanceof io.torsion.internet.IPv6Address b ? b.port() : 80;
        if (port != 80) {
            sb.append(':').append(port);
        }
        for (String segment : prepath) {
            sb.append('/').append(UrlCoding.quoteSegment(segment));
        }
        return sb.toString();
    }

    /**
     * Returns the user name of HTTP Basic authentication (Twisted's {@code getUser}).
     *
     * @return the name, or empty text when the request has no Basic credentials
     */
    public String getUser() {
        String[] c = basicCredentials();
        return c[0];
    }

    /**
     * Returns the password of HTTP Basic authentication (Twisted's {@code getPassword}).
     *
     * @return the password, or empty text when the request has no Basic credentials
     */
    public String getPassword() {
        String[] c = basicCredentials();
        return c[1];
    }

    private String[] basicCredentials() {
        String auth = head.headers().getLast("Authorization").orElse("");
        if (auth.length() > 6 && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(java.util.Base64.getDecoder().decode(auth.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
                }
            } catch (IllegalArgumentException notBase64) {
                // malformed credentials count as none, as in Twisted
            }
        }
        return new String[] {"", ""};
    }

    /**
     * Opens the request body from its start (Twisted's {@code content}); small bodies are in memory,
     * larger ones were spooled to a temporary file that is deleted when the request ends.
     *
     * @return a fresh stream over the whole body
     * @throws IOException if the spooled file cannot be opened
     */
    public InputStream content() throws IOException {
        return body.open();
    }

    /**
     * Returns the body's length in bytes.
     *
     * @return the number of body bytes received
     */
    public long contentLength() {
        return body.size();
    }

    // ---- the response

    /**
     * Sets the response status, with the standard reason phrase (Twisted's {@code setResponseCode}).
     *
     * @param code a status code from 100 to 599
     * @throws IllegalStateException if the response head was already sent
     * @throws IllegalArgumentException if {@code code} is out of range
     */
    public void setResponseCode(int code) {
        setResponseCode(code, HttpStatus.phrase(code));
    }

    /**
     * Sets the response status and reason phrase.
     *
     * @param code a status code from 100 to 599
     * @param message the reason phrase; no CR or LF
     * @throws IllegalStateException if the response head was already sent
     * @throws IllegalArgumentException if {@code code} is out of range or the phrase has CR or LF
     */
    public void setResponseCode(int code, String message) {
        if (response.headSent()) {
            throw new IllegalStateException("the response head was already sent");
        }
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code out of range: " + code);
        }
        checkText(message);
        this.code = code;
        this.codeMessage = message;
    }

    /**
     * Returns the response status set so far.
     *
     * @return the code, 200 by default
     */
    public int getResponseCode() {
        return code;
    }

    /**
     * Returns the response headers, which the resource may change until the first write
     * (Twisted's {@code responseHeaders}).
     *
     * @return the live headers
     */
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    /**
     * Replaces response header {@code name} with {@code value} (Twisted's {@code setHeader}).
     *
     * @param name a header name (a token)
     * @param value the value; no CR, LF or NUL
     * @throws IllegalArgumentException if the name is not a token or the value has a control character
     * @throws IllegalStateException if the response head was already sent
     */
    public void setHeader(String name, String value) {
        assert channel.onReactorThread("Request.setHeader");
        if (response.headSent()) {
            throw new IllegalStateException("the response head was already sent");
        }
        if (!HttpSyntax.isToken(name) || !HttpSyntax.isFieldValue(value)) {
            throw new IllegalArgumentException("bad header " + name + ": refusing control characters");
        }
        responseHeaders.setRawHeaders(name, List.of(value));
    }

    /**
     * Adds a {@code Set-Cookie} header (Twisted's {@code addCookie}).
     *
     * @param name the cookie name (a token)
     * @param value the value; no control characters, {@code ;} or {@code ,}
     * @param attributes attributes such as {@code Path=/} or {@code HttpOnly}
     * @throws IllegalArgumentException if any part is malformed
     * @throws IllegalStateException if the response head was already sent
     */
    public void addCookie(String name, String value, String... attributes) {
        if (response.headSent()) {
            throw new IllegalStateException("the response head was already sent");
        }
        if (!HttpSyntax.isToken(name) || value.indexOf(';') >= 0 || value.indexOf(',') >= 0
                || !HttpSyntax.isFieldValue(value)) {
            throw new IllegalArgumentException("bad cookie " + name);
        }
        StringBuilder sb = new StringBuilder(name).append('=').append(value);
        for (String a : attributes) {
            checkText(a);
            sb.append("; ").append(a);
        }
        responseHeaders.addRawHeader("Set-Cookie", sb.toString());
    }

    /**
     * Sets a 302 redirect to {@code url}; the resource still finishes the request (Twisted's
     * {@code redirect}).
     *
     * @param url the absolute or relative URL for {@code Location}
     * @throws IllegalArgumentException if the URL has control characters
     * @throws IllegalStateException if the response head was already sent
     */
    public void redirect(String url) {
        setResponseCode(302);
        setHeader("Location", url);
    }

    /**
     * Sets {@code ETag} and tells whether the client's cached copy is current by its
     * {@code If-None-Match}; if so the status is set to 304 (GET, HEAD) or 412 (other methods) and
     * the resource should finish without a body (Twisted's {@code setETag} returning {@code CACHED}).
     *
     * @param etag a quoted entity tag, e.g. {@code "\"v1\""}
     * @return true if the client's copy is current
     * @throws IllegalArgumentException if the tag has control characters
     * @throws IllegalStateException if the response head was already sent
     */
    public boolean setETag(String etag) {
        setHeader("ETag", etag);
        for (String value : head.headers().getRawHeaders("If-None-Match")) {
            for (String tag : value.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    boolean safe = getMethod().equals("GET") || getMethod().equals("HEAD");
                    setResponseCode(safe ? 304 : 412);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Sets {@code Last-Modified} and tells whether the client's cached copy is current by its
     * {@code If-Modified-Since}; if so the status is set to 304 and the resource should finish
     * without a body (Twisted's {@code setLastModified} returning {@code CACHED}).
     *
     * @param when when the resource last changed; sent to the second
     * @return true if the client's copy is current
     * @throws IllegalStateException if the response head was already sent
     */
    public boolean setLastModified(java.time.Instant when) {
        long seconds = when.getEpochSecond();
        setHeader("Last-Modified", HttpSyntax.httpDate(java.time.Instant.ofEpochSecond(seconds)));
        String ims = head.headers().getLast("If-Modified-Since").orElse("");
        if (ims.isEmpty() || !(getMethod().equals("GET") || getMethod().equals("HEAD"))) {
            return false;
        }
        try {
            long since = java.time.ZonedDateTime.parse(ims, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toEpochSecond();
            if (seconds <= since) {
                setResponseCode(304);
                return true;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // RFC 9110 §13.1.3: an invalid date is ignored
        }
        return false;
    }

    /**
     * Writes {@code data} as the next piece of the response body, sending the head first if it has not
     * gone yet (Twisted's {@code write}). Dropped if the client has gone away.
     *
     * @param data the bytes; an empty array writes nothing
     * @throws IllegalStateException if the request was already finished
     */
    public void write(byte[] data) {
        assert channel.onReactorThread("Request.write");
        if (state == State.FINISHED) {
            throw new IllegalStateException("Request.write called on a request after Request.finish was called");
        }
        if (state == State.DISCONNECTED) {
            return;
        }
        if (!response.headSent()) {
            response.sendHead(code, codeMessage, responseHeaders, false);
        }
        if (data.length == 0 || bodiless()) {
            return;
        }
        response.writeBody(data);
    }

    /**
     * Ends the response: sends the head if needed, the last chunk if chunked, fires
     * {@link #notifyFinish()} and lets the connection go on to the next request (Twisted's {@code finish}).
     *
     * @throws IllegalStateException if already finished, or if the client went away first (use
     *     {@link #notifyFinish()} to learn of that)
     */
    public void finish() {
        assert channel.onReactorThread("Request.finish");
        if (state == State.FINISHED) {
            throw new IllegalStateException("Request.finish called twice");
        }
        if (state == State.DISCONNECTED) {
            throw new IllegalStateException("Request.finish called on a request after its connection was lost; "
                    + "use Request.notifyFinish to keep track of this");
        }
        if (!response.headSent()) {
            response.sendHead(code, codeMessage, responseHeaders, true);
        }
        if (!bodiless()) {
            response.end();
        }
        state = State.FINISHED;
        body.discard();
        for (Deferred<Void> d : List.copyOf(finishWaiters)) {
            d.callback(null);
        }
        finishWaiters.clear();
        channel.requestFinished(this);
    }

    /**
     * Returns a Deferred that fires with null when the response is finished, or fails with the
     * connection's {@code ConnectionDone}/{@code ConnectionLost} when the client goes away first
     * (Twisted's {@code notifyFinish}).
     *
     * @return a new Deferred for each call
     */
    public Deferred<Void> notifyFinish() {
        Deferred<Void> d = new Deferred<>();
        if (state == State.FINISHED) {
            d.callback(null);
        } else if (state == State.DISCONNECTED) {
            d.errback(new io.torsion.internet.ConnectionDone("the connection was lost before the response finished"));
        } else {
            finishWaiters.add(d);
        }
        return d;
    }

    /**
     * Returns how many body bytes were sent so far, after any gzip encoding and without chunk
     * framing (for the access log).
     *
     * @return the count; 0 for {@code HEAD} and bodiless statuses
     */
    public long getBodyBytesSent() {
        return response.bodyBytesSent();
    }

    /**
     * Tells whether {@link #finish()} was called.
     *
     * @return true once finished
     */
    public boolean isFinished() {
        return state == State.FINISHED;
    }

    /**
     * Tells whether the client went away before the response finished.
     *
     * @return true once disconnected
     */
    public boolean isDisconnected() {
        return state == State.DISCONNECTED;
    }

    /**
     * Lets {@code producer} write the body with flow control, through the connection (Twisted's
     * {@code registerProducer}). If the client takes no bytes for {@link HttpSettings#sendTimeout()}
     * (a push producer stays paused, or a pull producer is not asked for more), the connection is
     * aborted.
     *
     * @param producer a {@code PushProducer} if {@code streaming}, else a {@code PullProducer}
     * @param streaming whether the producer pushes on its own
     * @throws IllegalStateException if a producer is already registered on the connection
     * @throws IllegalArgumentException if the producer's kind does not match {@code streaming}
     */
    public void registerProducer(Producer producer, boolean streaming) {
        assert channel.onReactorThread("Request.registerProducer");
        io.torsion.internet.Consumer.checkProducerKind(producer, streaming);
        if (guard != null) {
            throw new IllegalStateException("a producer is already registered on " + this);
        }
        guard = StallGuard.wrap(producer, channel.clock(), channel.settings().sendTimeout(), () -> {
            LOG.log(System.Logger.Level.INFO, "aborting " + this + ": the client took no bytes for "
                    + channel.settings().sendTimeout());
            abortConnection();
        });
        channel.transport().registerProducer(guard, streaming);
    }

    /**
     * Removes the producer registered with {@link #registerProducer}.
     *
     * @throws IllegalStateException if none is registered
     */
    public void unregisterProducer() {
        if (guard == null) {
            throw new IllegalStateException("no producer is registered on " + this);
        }
        stopGuard();
        channel.transport().unregisterProducer();
    }

    private void stopGuard() {
        if (guard != null) {
            guard.cancelTimer(); // only the timer: the producer itself is not being stopped
            guard = null;
        }
    }

    // ---- for the channel and the site

    /** Lets the response be gzip-encoded if it turns out compressible (see {@link EncodingResourceWrapper}). */
    void offerGzip() {
        response.offerGzip();
    }

    void abortConnection() {
        channel.transport().abortConnection();
    }

    boolean isPersistent() {
        return response.persistent();
    }

    RequestHead head() {
        return head;
    }

    void bodyReceived(byte[] data) {
        body.write(data);
    }

    /** All of the body arrived: parse form arguments, then render (Twisted's {@code requestReceived} + {@code process}). */
    void process(Site site) {
        state = State.RENDERING;
        try {
            parseForm();
            Resource resource = site.getResourceFor(this);
            RenderResult result = resource.render(this);
            if (result instanceof RenderResult.Body b) {
                writeWhole(b.bytes());
            } else if (result instanceof RenderResult.Later later) {
                later.body().addCallbacks(bytes -> {
                    if (state == State.RENDERING) {
                        writeWhole(bytes);
                    }
                    return null;
                }, failure -> {
                    processingFailed(failure);
                    return null;
                });
            }
            // RenderResult.NotDoneYet: the resource finishes the request itself
        } catch (Exception | StackOverflowError e) {
            processingFailed(new Failure(e));
        }
    }

    private void writeWhole(byte[] bytes) {
        if (!response.headSent() && !responseHeaders.hasHeader("Content-Length") && !responseHeaders.hasHeader("Transfer-Encoding")
                && !(code < 200 || code == 204 || code == 304)) {
            responseHeaders.setRawHeaders("Content-Length", List.of(Integer.toString(bytes.length)));
        }
        write(bytes);
        finish();
    }

    /** Twisted's {@code processingFailed}: log it, answer 500 without a traceback, or abort if too late. */
    private void processingFailed(Failure failure) {
        LOG.log(System.Logger.Level.ERROR, "error rendering " + getMethod() + " " + getUri(), failure.value());
        if (state != State.RENDERING) {
            return;
        }
        if (response.headSent()) {
            channel.transport().abortConnection();
            return;
        }
        code = 500;
        codeMessage = HttpStatus.phrase(500);
        for (String name : responseHeaders.names()) {
            responseHeaders.removeHeader(name);
        }
        responseHeaders.setRawHeaders("Content-Type", List.of("text/html; charset=utf-8"));
        writeWhole(HttpStatus.page(500, "An error occurred while processing this request."));
    }

    private void parseForm() throws IOException {
        String type = head.headers().getLast("Content-Type").orElse("");
        int semi = type.indexOf(';');
        String mime = (semi >= 0 ? type.substring(0, semi) : type).trim().toLowerCase(Locale.ROOT);
        if (mime.equals("application/x-www-form-urlencoded") && body.size() > 0) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (InputStream in = body.open()) {
                in.transferTo(all);
            }
            UrlCoding.parseQuery(all.toString(StandardCharsets.ISO_8859_1), args);
        }
    }

    void connectionLost(Failure reason) {
        if (state == State.FINISHED || state == State.DISCONNECTED) {
            return;
        }
        state = State.DISCONNECTED;
        stopGuard();
        body.discard();
        for (Deferred<Void> d : List.copyOf(finishWaiters)) {
            d.errback(reason);
        }
        finishWaiters.clear();
    }

    private boolean bodiless() {
        return head.method().equals("HEAD") || code < 200 || code == 204 || code == 304;
    }

    private static void checkText(String s) {
        if (!HttpSyntax.isFieldValue(s)) {
            throw new IllegalArgumentException("control character in " + s.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    @Override
    public String toString() {
        return "Request(" + head.method() + " " + head.target() + " " + getClientProto() + ")";
    }
}
