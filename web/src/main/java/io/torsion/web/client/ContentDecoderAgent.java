package io.torsion.web.client;

import io.torsion.defer.Deferred;
import io.torsion.defer.Failure;
import io.torsion.internet.Protocol;
import io.torsion.web.Headers;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * Asks for gzip-encoded responses and decodes them as they stream in (Twisted's
 * {@code ContentDecoderAgent} with {@code GzipDecoder}): it adds {@code Accept-Encoding: gzip}, and
 * a response with {@code Content-Encoding: gzip} is handed on with the decoded body and without its
 * {@code Content-Encoding} and {@code Content-Length} headers. A corrupt stream ends the body with
 * {@link ResponseFailed} caused by a {@link ZipException}.
 *
 * <p>Deviation: Twisted takes a list of (encoding, decoder) pairs; this agent knows gzip only.
 *
 * <p>Threading: reactor thread only.
 */
public class ContentDecoderAgent implements Agent {
    private final Agent agent;

    /**
     * Wraps {@code agent}.
     *
     * @param agent sends each request
     */
    public ContentDecoderAgent(Agent agent) {
        this.agent = Objects.requireNonNull(agent, "agent");
    }

    /**
     * Sends the request asking for gzip, and decodes a gzip response.
     *
     * @return fires with the response, decoded when it was gzip-encoded; fails as the wrapped agent's
     */
    @Override
    public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer bodyProducer) {
        Headers h = new Headers();
        if (headers != null) {
            for (String name : headers.names()) {
                h.setRawHeaders(name, headers.getRawHeaders(name));
            }
        }
        h.setRawHeaders("Accept-Encoding", List.of("gzip"));
        return agent.request(method, uri, h, bodyProducer).addCallback(ContentDecoderAgent::decode);
    }

    private static Response decode(Response response) {
        List<String> encodings = response.headers().getRawHeaders("Content-Encoding");
        if (encodings.isEmpty()) {
            return response;
        }
        String[] codings = String.join(",", encodings).split(",");
        if (codings.length != 1 || !codings[0].strip().equalsIgnoreCase("gzip")) {
            return response; // not ours to decode: handed on as it is
        }
        Headers headers = new Headers();
        for (String name : response.headers().names()) {
            if (!name.equalsIgnoreCase("Content-Encoding") && !name.equalsIgnoreCase("Content-Length")) {
                headers.setRawHeaders(name, response.headers().getRawHeaders(name));
            }
        }
        Response decoded = new Response(response.version(), response.code(), response.phrase(), headers,
                response.requestUri(), null);
        response.previousResponse().ifPresent(decoded::setPreviousResponse);
        GzipDecoder decoder = new GzipDecoder();
        Protocol pipe = new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                if (decoded.isFinished()) {
                    return;
                }
                try {
                    byte[] out = decoder.feed(data);
                    if (out.length > 0) {
                        decoded.bodyData(out);
                    }
                } catch (ZipException e) {
                    decoded.bodyFinished(new Failure(new ResponseFailed("bad gzip body: " + e.getMessage(), e)));
                    transport().stopProducing();
                }
            }

            @Override
            public void connectionLost(Failure reason) {
                if (decoded.isFinished()) {
                    return;
                }
                if (reason.check(ResponseDone.class, PotentialDataLoss.class)) {
                    try {
                        decoder.finish();
                    } catch (ZipException e) {
                        decoded.bodyFinished(new Failure(new ResponseFailed("bad gzip body: " + e.getMessage(), e)));
                        return;
                    }
                }
                decoded.bodyFinished(reason);
            }
        };
        response.deliverBody(pipe);
        decoded.setSource(pipe.isConnected() ? pipe.transport() : null);
        return decoded;
    }
}
