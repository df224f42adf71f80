package io.torsion.cli;

import io.torsion.protocols.ProxyFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code torsion portforward --listen DESCRIPTION --to HOST:PORT}: forwards every connection
 * accepted on the endpoint to {@code HOST:PORT} (Twisted's {@code portforward.ProxyFactory}).
 *
 * <p>Threading: runs on the calling thread.
 */
@Command(name = "portforward", mixinStandardHelpOptions = true,
        description = "Forwards every accepted connection to HOST:PORT, both ways, with flow control.")
final class PortforwardCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--listen", paramLabel = "ENDPOINT", required = true,
            description = "Where to listen, as an endpoint description such as tcp:8000.")
    String listen;

    @Option(names = "--to", paramLabel = "HOST:PORT", required = true,
            description = "Where to forward to, such as example.com:80 or [::1]:8080.")
    String to;

    PortforwardCommand(CliContext context) {
        this.context = context;
    }

    /** A destination split into host and port. */
    record Destination(String host, int port) {
        /** Parses {@code host:port} or {@code [v6]:port}; throws CliError naming the problem. */
        static Destination parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new CliError("--to \"" + s + "\" is not HOST:PORT");
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new CliError("--to \"" + s + "\": write an IPv6 address in brackets, as [::1]:80");
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CliError("--to \"" + s + "\": port \"" + s.substring(colon + 1) + "\" is not a number");
            }
            if (port < 1 || port > 65535 || host.isEmpty()) {
                throw new CliError("--to \"" + s + "\": " + (host.isEmpty() ? "the host is empty"
                        : "port " + port + " is out of range 1..65535"));
            }
            return new Destination(host, port);
        }
    }

    @Override
    public void run() {
        Destination d = Destination.parse(to);
        Serve.serve(context, "port forwarder to " + d.host() + ":" + d.port(), listen,
                reactor -> new ProxyFactory(reactor, d.host(), d.port()));
    }
}
