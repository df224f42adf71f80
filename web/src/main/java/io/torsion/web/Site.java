package io.torsion.web;

import io.torsion.internet.Address;
import io.torsion.internet.ReactorTime;
import io.torsion.internet.ServerFactory;
import java.util.List;
import java.util.Objects;

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
