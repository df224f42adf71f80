package io.torsion.web;

import io.torsion.defer.Deferred;
import java.util.Objects;

/**
 * Says what a {@link Resource}'s render method produced: the whole body now, a body that a
 * {@code Deferred} delivers later, or nothing because the resource will write and
 * {@link Request#finish()} the request itself (Twisted's render returning {@code bytes} or
 * {@code NOT_DONE_YET}).
 *
 * <pre>{@code
 * // BAD (Twisted habit): return null or an empty body and write later; the request is finished at once.
 * // GOOD:
 * protected RenderResult renderGET(Request request) {
 *     return RenderResult.later(lookUp(request).addCallback(r -> r.getBytes(UTF_8)));
 * }
 * }</pre>
 *
 * <p>Threading: immutable; the {@code Deferred} inside {@link Later} must fire on the reactor thread.
 */
public sealed interface RenderResult permits RenderResult.Body, RenderResult.Later, RenderResult.NotDoneYet {
    /**
     * The whole response body, written and finished at once; its length becomes
     * {@code Content-Length} unless the resource set one. For {@code HEAD} nothing is written.
     *
     * @param bytes the body
     */
    record Body(byte[] bytes) implements RenderResult {
        /**
         * Checks the body.
         *
         * @param bytes the body
         * @throws NullPointerException if {@code bytes} is null
         */
        public Body {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * A body that arrives later: when {@code body} fires, its bytes are written and the request
     * finished (unless the resource already finished it or the client went away); when it fails,
     * the client gets a 500 (no stack trace) and the failure is logged.
     *
     * @param body fires with the body bytes
     */
    record Later(Deferred<byte[]> body) implements RenderResult {
        /**
         * Checks the Deferred.
         *
         * @param body fires with the body bytes
         * @throws NullPointerException if {@code body} is null
         */
        public Later {
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * Twisted's {@code NOT_DONE_YET}: the resource keeps the request and will call
     * {@link Request#write} and {@link Request#finish()} itself.
     */
    record NotDoneYet() implements RenderResult {
    }

    /**
     * Returns a result that writes {@code bytes} and finishes.
     *
     * @param bytes the body
     * @return the result
     */
    static RenderResult body(byte[] bytes) {
        return new Body(bytes);
    }

    /**
     * Returns a result whose body arrives when {@code body} fires.
     *
     * @param body fires with the body bytes; fails to produce a 500
     * @return the result
     */
    static RenderResult later(Deferred<byte[]> body) {
        return new Later(body);
    }

    /**
     * Returns Twisted's {@code NOT_DONE_YET}: the resource finishes the request itself.
     *
     * @return the result
     */
    static RenderResult notDoneYet() {
        return new NotDoneYet();
    }
}
