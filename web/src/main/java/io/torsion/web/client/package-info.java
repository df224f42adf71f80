/**
 * The HTTP/1.1 client (Twisted's {@code twisted.web.client} and {@code _newclient}): {@link
 * io.torsion.web.client.Agent} and {@link io.torsion.web.client.HttpAgent} send requests and fire
 * with a streamed {@link io.torsion.web.client.Response}; {@link io.torsion.web.client.RedirectAgent},
 * {@link io.torsion.web.client.ContentDecoderAgent} and {@link io.torsion.web.client.ProxyAgent} wrap
 * or redirect them; {@link io.torsion.web.client.HttpConnectionPool} keeps connections for reuse; and
 * {@link io.torsion.web.client.Client#getPage} fetches a whole page, as the tutorial does.
 *
 * <pre>{@code
 * Client.getPage(reactor, "http://example.com/")
 *       .addCallbacks(page -> { System.out.println(page.length + " bytes"); return null; },
 *                     failure -> { System.out.println("failed: " + failure.getErrorMessage()); return null; });
 * }</pre>
 *
 * <p>Every failure travels through the returned Deferred's errback, never as an exception at the
 * call site: a bad URL is an {@code InvalidUrlError}, a request with CR, LF or other controls is
 * refused with {@code InvalidRequestError} before anything is sent, a malformed response is a
 * {@code ResponseFailed} caused by a {@code BadResponseError} naming the broken rule.
 */
package io.torsion.web.client;
