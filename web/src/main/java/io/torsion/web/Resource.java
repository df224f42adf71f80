package io.torsion.web;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Serves one node of a {@link Site}'s URL tree: it finds children by path segment and renders
 * requests by method (Twisted's {@code twisted.web.resource.Resource}).
 *
 * <p>Lifecycle of a request through the tree: 1. the site starts at its root with the request's
 * path segments in {@link Request#getPostpath()}; 2. while segments remain and the current
 * resource is not a {@linkplain #isLeaf() leaf}, the next segment moves to
 * {@link Request#getPrepath()} and {@link #getChildWithDefault} picks the child; 3. the resource
 * reached is {@linkplain #render rendered}.
 *
 * <p>Rendering dispatches on the method to {@code renderGET}, {@code renderHEAD} (by default
 * {@code renderGET}, whose body is then not sent), {@code renderPOST}, {@code renderPUT},
 * {@code renderDELETE}, {@code renderPATCH} and {@code renderOPTIONS}. A method the subclass does
 * not override gets 405 with an {@code Allow} header listing those it does override.
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("hello", new Resource() {
 *     protected RenderResult renderGET(Request request) {
 *         return RenderResult.body("hi".getBytes(UTF_8));
 *     }
 * });
 * }</pre>
 *
 * <p>As in Twisted, a path of {@code /} is the child named {@code ""}: put one there to serve the
 * root ({@code root.putChild("", …)}).
 *
 * <p>Threading: reactor thread only; build the tree before listening or on the reactor thread.
 */
public class Resource {
    private static final List<String> RENDERED = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final Map<String, Resource> children = new HashMap<>();

    /** Creates a resource with no children that renders nothing (every method gets 405). */
    public Resource() {
    }

    /**
     * Tells whether traversal stops here, leaving the remaining segments in
     * {@link Request#getPostpath()} (Twisted's {@code isLeaf}).
     *
     * @return false by default
     */
    public boolean isLeaf() {
        return false;
    }

    /**
     * Makes {@code child} answer for the segment {@code path} under this resource (Twisted's
     * {@code putChild}).
     *
     * @param path one decoded path segment, without {@code /}; {@code ""} is the trailing-slash child
     * @param child the resource to serve there
     * @throws IllegalArgumentException if {@code path} contains {@code /}
     */
    public void putChild(String path, Resource child) {
        if (path.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a child name is one path segment: " + path);
        }
        children.put(path, Objects.requireNonNull(child, "child"));
    }

    /**
     * Returns the child put with {@link #putChild}, or else {@link #getChild} (Twisted's
     * {@code getChildWithDefault}).
     *
     * @param path the decoded segment
     * @param request the request being traversed
     * @return the child, never null
     */
    public Resource getChildWithDefault(String path, Request request) {
        Resource child = children.get(path);
        return child != null ? child : getChild(path, request);
    }

    /**
     * Returns a dynamic child for {@code path}; override it to create children on demand
     * (Twisted's {@code getChild}).
     *
     * @param path the decoded segment
     * @param request the request being traversed
     * @return a {@link NoResource} (404) by default
     */
    public Resource getChild(String path, Request request) {
        return new NoResource();
    }

    /**
     * Renders {@code request} by calling the {@code render…} method for its method (Twisted's
     * {@code render}).
     *
     * @param request the request
     * @return the response body, now or later
     * @throws Exception anything the render method throws; the client gets a 500 and it is logged
     */
    public RenderResult render(Request request) throws Exception {
        String method = request.getMethod();
        try {
            return switch (method) {
                case "GET" -> renderGET(request);
                case "HEAD" -> renderHEAD(request);
                case "POST" -> renderPOST(request);
                case "PUT" -> renderPUT(request);
                case "DELETE" -> renderDELETE(request);
                case "PATCH" -> renderPATCH(request);
                case "OPTIONS" -> renderOPTIONS(request);
                default -> throw new UnsupportedMethod();
            };
        } catch (UnsupportedMethod e) {
            request.setResponseCode(405);
            request.setHeader("Allow", String.join(", ", allowedMethods()));
            request.setHeader("Content-Type", "text/html; charset=utf-8");
            return RenderResult.body(HttpStatus.page(405, "Your browser approached me (at "
                    + request.getUri() + ") with the method \"" + method + "\". I only allow the methods "
                    + String.join(", ", allowedMethods()) + " here."));
        }
    }

    /**
     * Returns the methods this resource renders, for the {@code Allow} header of a 405 (Twisted's
     * {@code allowedMethods}); by default those whose {@code render…} method a subclass overrides,
     * with {@code HEAD} wherever {@code GET} is.
     *
     * @return the method names
     */
    public Set<String> allowedMethods() {
        Set<String> allowed = new LinkedHashSet<>();
        for (String m : RENDERED) {
            if (overrides("render" + m)) {
                allowed.add(m);
            }
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return allowed;
    }

    private boolean overrides(String name) {
        // Introspection only (no invocation), so this works for any class, exported or not.
        for (Class<?> c = getClass(); c != Resource.class && c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == Request.class) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Renders a GET; not overridden, it answers 405.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderGET(Request request) throws Exception {
        throw new UnsupportedMethod();
    }

    /**
     * Renders a HEAD; by default {@link #renderGET}, whose body is measured but not sent.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderHEAD(Request request) throws Exception {
        return renderGET(request);
    }

    /**
     * Renders a POST; not overridden, it answers 405.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderPOST(Request request) throws Exception {
        throw new UnsupportedMethod();
    }

    /**
     * Renders a PUT; not overridden, it answers 405.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderPUT(Request request) throws Exception {
        throw new UnsupportedMethod();
    }

    /**
     * Renders a DELETE; not overridden, it answers 405.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderDELETE(Request request) throws Exception {
        throw new UnsupportedMethod();
    }

    /**
     * Renders a PATCH; not overridden, it answers 405.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderPATCH(Request request) throws Exception {
        throw new UnsupportedMethod();
    }

    /**
     * Renders an OPTIONS; not overridden, it answers 405.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; the client gets a 500
     */
    protected RenderResult renderOPTIONS(Request request) throws Exception {
        throw new UnsupportedMethod();
    }

    /** Thrown by the default render methods; turned into 405 by {@link #render}. */
    static final class UnsupportedMethod extends Exception {
        private static final long serialVersionUID = 1L;

        UnsupportedMethod() {
            super(null, null, false, false);
        }
    }
}
