package io.torsion.web;

import java.util.Objects;

/**
 * Serves fixed bytes with a fixed content type (Twisted's {@code twisted.web.static.Data}).
 *
 * <pre>{@code
 * root.putChild("robots.txt", new Data("User-agent: *\nDisallow:\n".getBytes(UTF_8), "text/plain"));
 * }</pre>
 *
 * <p>Threading: reactor thread only; the bytes are never changed after construction.
 */
public class Data extends Resource {
    private final byte[] data;
    private final String type;

    /**
     * Creates a resource that answers GET and HEAD with {@code data}.
     *
     * @param data the body; copied
     * @param type the {@code Content-Type}
     */
    public Data(byte[] data, String type) {
        this.data = data.clone();
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Returns true: there are no children below fixed data, so the remaining path is ignored.
     *
     * @return true
     */
    @Override
    public boolean isLeaf() {
        return true;
    }

    /**
     * Answers with the bytes and their type.
     *
     * @param request the request
     * @return the body
     */
    @Override
    protected RenderResult renderGET(Request request) {
        request.setHeader("Content-Type", type);
        return RenderResult.body(data.clone());
    }
}
