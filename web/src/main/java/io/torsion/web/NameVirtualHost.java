package io.torsion.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the resource tree by the host name the client asked for, so that one site serves several
 * names (Twisted's {@code twisted.web.vhost.NameVirtualHost}).
 *
 * <pre>{@code
 * NameVirtualHost vhost = new NameVirtualHost();
 * vhost.addHost("example.com", exampleRoot);
 * vhost.addHost("www.example.com", exampleRoot);
 * vhost.setDefault(fallbackRoot);            // otherwise unknown hosts get 404
 * reactor.listenTCP(8080, new Site(vhost, reactor));
 * }</pre>
 *
 * <p>The name comes from {@link Request#getRequestHostname()} (the {@code Host} header or the
 * absolute-form target, without the port) and is compared ignoring case.
 *
 * <p>Threading: reactor thread only.
 */
public class NameVirtualHost extends Resource {
    private final Map<String, Resource> hosts = new HashMap<>();
    private Resource fallback;

    /** Creates a virtual host with no names and no default. */
    public NameVirtualHost() {
    }

    /**
     * Serves {@code resource} for requests to {@code name} (Twisted's {@code addHost}).
     *
     * @param name a host name without port, any case
     * @param resource the root of that host's tree
     */
    public void addHost(String name, Resource resource) {
        hosts.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(resource, "resource"));
    }

    /**
     * Stops serving {@code name} (Twisted's {@code removeHost}).
     *
     * @param name the host name
     */
    public void removeHost(String name) {
        hosts.remove(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Serves {@code resource} for host names not added (Twisted's {@code default} attribute).
     *
     * @param resource the fallback tree, or null for 404
     */
    public void setDefault(Resource resource) {
        this.fallback = resource;
    }

    private Resource resourceFor(Request request) {
        String name = request.getRequestHostname().toLowerCase(Locale.ROOT);
        Resource r = Optional.ofNullable(hosts.get(name)).orElse(fallback);
        return r != null ? r : new NoResource("The host " + name + " is not served here.");
    }

    /**
     * Returns the child {@code path} of the tree for the request's host.
     *
     * @param path the decoded segment
     * @param request the request
     * @return the child in that host's tree
     */
    @Override
    public Resource getChildWithDefault(String path, Request request) {
        return resourceFor(request).getChildWithDefault(path, request);
    }

    /**
     * Renders the root of the tree for the request's host.
     *
     * @param request the request
     * @return what that resource renders
     * @throws Exception whatever it throws
     */
    @Override
    public RenderResult render(Request request) throws Exception {
        return resourceFor(request).render(request);
    }
}
