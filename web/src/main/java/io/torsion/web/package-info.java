/**
 * An HTTP/1.1 server on the Torsion reactor: Twisted's {@code twisted.web.server},
 * {@code resource}, {@code static}, {@code vhost} and the server half of {@code http}.
 *
 * <pre>
 *   bytes ──▶ HttpChannel ──(HttpParser: strict RFC 9112, limits)──▶ Request
 *                 │                                                    │
 *                 │   Site.getResourceFor: root ─getChildWithDefault─▶ … ─▶ Resource
 *                 │                                                    │ render(request)
 *                 ◀──── Request.write / finish (ResponseWriter frames) ◀┘ RenderResult
 * </pre>
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("", new File(Path.of("public")));              // serves /, /index.html, …
 * root.putChild("hello", new Resource() {
 *     protected RenderResult renderGET(Request request) {
 *         return RenderResult.body("hi".getBytes(UTF_8));      // or RenderResult.later(deferred)
 *     }
 * });
 * reactor.listenTCP(8080, new Site(root, reactor));
 * }</pre>
 *
 * <p>Everything here runs on the reactor thread. Limits and timeouts are in {@link
 * io.torsion.web.HttpSettings}.
 */
package io.torsion.web;
