package io.torsion.cli;

import io.torsion.internet.Address;
import io.torsion.internet.Factory;
import io.torsion.internet.IPv4Address;
import io.torsion.internet.CannotListenError;
import io.torsion.internet.GroupListeningPort;
import io.torsion.internet.IPv6Address;
import io.torsion.internet.ReactorGroup;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import io.torsion.internet.ServerFactory;
import io.torsion.internet.endpoints.EndpointDescriptionError;
import io.torsion.internet.endpoints.Endpoints;
import io.torsion.internet.endpoints.ServerEndpoint;
import io.torsion.internet.endpoints.TCP4ServerEndpoint;
import java.util.function.Function;

/**
 * Runs a server command: parse the endpoint, run the reactor, listen, print where, run until
 * stopped; with {@code --threads N} above 1, serve on a {@link ReactorGroup} of N reactors instead.
 */
final class Serve {
    /** The largest {@code --threads}: far more reactor threads than cores only costs memory. */
    static final int MAX_THREADS = 256;

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
        ServerEndpoint endpoint = endpoint(reactor, description);
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

    /**
     * Serves as {@link #serve(CliContext, String, String, Function, Function)} does with
     * {@code threads} reactor threads: 1 runs everything on the context's reactor; more listen
     * through a {@link ReactorGroup} of that many reactors, each with its own factory made by
     * {@code factory} on its thread, while the context's reactor (on the calling thread) only
     * waits to be stopped, by Ctrl-C or by its owner, and then stops the group. A group serves TCP
     * endpoints only ({@code tcp:} and {@code tcp6:}).
     *
     * @throws CliError if {@code threads} is out of range, the description is bad or not TCP when
     *     {@code threads} is above 1, or the endpoint cannot listen
     */
    static void serve(CliContext context, String what, int threads, String description,
            Function<SelectorReactor, ServerFactory<?>> factory, Function<Address, String> where) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new CliError("--threads " + threads + " is out of range (1 to " + MAX_THREADS + ")");
        }
        if (threads == 1) {
            serve(context, what, description, factory::apply, where);
            return;
        }
        SelectorReactor reactor = context.reactors().get();
        ServerEndpoint endpoint = endpoint(reactor, description);
        // TCP6ServerEndpoint extends TCP4ServerEndpoint: both give port, backlog and interface.
        if (!(endpoint instanceof TCP4ServerEndpoint tcp)) {
            throw new CliError("--threads " + threads + " serves tcp: and tcp6: endpoints only, not " + description);
        }
        try (ReactorGroup group = new ReactorGroup(threads, ReactorOptions.defaults())) {
            startGroup(group);
            GroupListeningPort port;
            try {
                port = group.listenTCP(tcp.port(), factory, tcp.backlog(), tcp.interfaceAddress());
            } catch (CannotListenError | IllegalArgumentException e) {
                throw new CliError(e.getMessage());
            }
            reactor.callWhenRunning(() -> {
                context.out().println(what + " (" + threads + " reactor threads) listening on "
                        + where.apply(port.getHost()));
                context.out().flush();
            });
            reactor.run();
        }
    }

    private static void startGroup(ReactorGroup group) {
        try {
            group.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError("interrupted while starting " + group.size() + " reactor threads");
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

    /** Parses an endpoint description, turning its errors into the command's one-line error. */
    private static ServerEndpoint endpoint(SelectorReactor reactor, String description) {
        try {
            return Endpoints.serverFromString(reactor, description);
        } catch (EndpointDescriptionError | UnsupportedOperationException e) {
            throw new CliError(e.getMessage());
        }
    }
}
