package io.torsion.web;

import java.util.Objects;

/**
 * Compresses the responses of a resource tree with gzip when the client accepts it (Twisted's
 * {@code twisted.web.resource.EncodingResourceWrapper} with {@code server.GzipEncoderFactory}).
 *
 * <pre>{@code
 * reactor.listenTCP(8080, new Site(new EncodingResourceWrapper(new File(Path.of("public"))), reactor));
 * }</pre>
 *
 * <p>A response is compressed only if the request's {@code Accept-Encoding} allows {@code gzip}
 * (a q-value of 0 refuses it), the response has a body, is not a 206 partial response, has no
 * {@code Content-Encoding} yet, and its {@code Content-Type} is compressible (text, JSON,
 * JavaScript, XML, SVG). Its {@code Content-Length} is then dropped and the body sent chunked (or
 * ended by closing on HTTP/1.0); {@code Vary: Accept-Encoding} is added.
 *
 * <p>Unlike Twisted's wrapper, which encodes only the wrapped resource itself, children found
 * through this wrapper are wrapped too, so wrapping a root compresses the whole tree.
 *
 * <p>Threading: reactor thread only.
 */
public class EncodingResourceWrapper extends Resource {
    private final Resource wrapped;

    /**
     * Wraps {@code wrapped}.
     *
     * @param wrapped the tree whose responses may be compressed
     */
    public EncodingResourceWrapper(Resource wrapped) {
        this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
    }

    /**
     * Tells whether the wrapped resource is a leaf.
     *
     * @return the wrapped resource's answer
     */
    @Override
    public boolean isLeaf() {
        return wrapped.isLeaf();
    }

    /**
     * Returns the wrapped resource's child, itself wrapped.
     *
     * @param path the decoded segment
     * @param request the request
     * @return the wrapped child
     */
    @Override
    public Resource getChildWithDefault(String path, Request request) {
        Resource child = wrapped.getChildWithDefault(path, request);
        return child instanceof EncodingResourceWrapper ? child : new EncodingResourceWrapper(child);
    }

    /**
     * Offers gzip to the request if the client accepts it, then renders the wrapped resource.
     *
     * @param request the request
     * @return what the wrapped resource renders
     * @throws Exception whatever it throws
     */
    @Override
    public RenderResult render(Request request) throws Exception {
        if (acceptsGzip(request.getRequestHeaders())) {
            request.offerGzip();
        }
        return wrapped.render(request);
    }

    static boolean acceptsGzip(Headers headers) {
        for (String value : headers.getRawHeaders("Accept-Encoding")) {
            for (String element : value.split(",")) {
                String[] parts = element.split(";");
                String coding = parts[0].trim();
                if (!coding.equalsIgnoreCase("gzip") && !coding.equalsIgnoreCase("x-gzip") && !coding.equals("*")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
                    if (p.startsWith("q=")) {
                        try {
                            refused = Double.parseDouble(p.substring(2)) <= 0;
                        } catch (NumberFormatException e) {
                            refused = true;
                        }
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }
}
