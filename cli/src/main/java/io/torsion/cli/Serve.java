package io.torsion.cli;

import io.torsion.internet.Address;
import io.torsion.internet.Factory;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.SelectorReactor;
import io.torsion.internet.endpoints.EndpointDescriptionError;
import io.torsion.internet.endpoints.Endpoints;
import io.torsion.internet.endpoints.ServerEndpoint;
import java.util.function.Function;

/** Runs a server command: parse the endpoint, run the reactor, listen, print where, run until stopped. */
final class Serve {
    private Serve() {
    }

    /**
     * Serves {@code factory} on the endpoint {@code description} until the reactor stops.
     *
     * @throws CliError if the description is bad or the endpoint cannot listen
     */
    static void serve(CliContext context, String what, String description,
            Function<SelectorReactor, Factory<?>> factory) {
        serve(context, what, description, factory, Serve::describe);
    }

    /**
     * Serves {@code factory} as {@link #serve(CliContext, String, String, Function)} does, printing the
     * listening address as {@code where} formats it.
     *
     * @throws CliError if the description is bad or the endpoint cannot listen
     */
    static void serve(CliContext context, String what, String description,
            Function<SelectorReactor, Factory<?>> factory, Function<Address, String> where) {
        SelectorReactor reactor = context.reactors().get();
        ServerEndpoint endpoint;
        try {
            endpoint = Endpoints.serverFromString(reactor, description);
        } catch (EndpointDescriptionError | UnsupportedOperationException e) {
            throw new CliError(e.getMessage());
        }
        String[] error = {null};
        reactor.callWhenRunning(() -> endpoint.listen(factory.apply(reactor)).addCallbacks(port -> {
            context.out().println(what + " listening on " + where.apply(port.getHost()));
            context.out().flush();
            return null;
        }, failure -> {
            error[0] = failure.value().getMessage();
            reactor.stop();
            return null;
        }));
        reactor.run();
        if (error[0] != null) {
            throw new CliError(error[0]);
        }
    }

    static String describe(Address address) {
        if (address instanceof IPv4Address a) {
            return a.host() + ":" + a.port();
        }
        if (address instanceof IPv6Address a) {
            return "[" + a.host() + "]:" + a.port();
        }
        return address.toString();
    }
}
