package io.torsion.cli;

import io.torsion.internet.Protocol;
import io.torsion.internet.ServerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code torsion echo --listen DESCRIPTION [--threads N]}: an echo server (Twisted's {@code Echo}
 * from {@code twisted.protocols.wire}) on any server endpoint description; it prints the address
 * it listens on and runs until stopped.
 *
 * <p>Threading: runs on the calling thread; with {@code --threads N} above 1, the connections are
 * served by N reactor threads of a {@link io.torsion.internet.ReactorGroup} (TCP endpoints only)
 * while the calling thread waits to be stopped.
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Runs an echo server: every byte received is sent back.")
final class EchoCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--listen", paramLabel = "ENDPOINT", defaultValue = "tcp:7000",
            description = "Where to listen, as an endpoint description such as tcp:7000 or "
                    + "tcp:7000:interface=127.0.0.1 (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Reactor threads serving the connections, for tcp: and tcp6: endpoints "
                    + "(default: ${DEFAULT-VALUE}).")
    int threads;

    EchoCommand(CliContext context) {
        this.context = context;
    }

    /** Sends every byte back. */
    static final class Echo extends Protocol {
        @Override
        public void dataReceived(byte[] data) {
            transport().write(data);
        }
    }

    @Override
    public void run() {
        Serve.serve(context, "echo server", threads, listen, reactor -> ServerFactory.forProtocol(Echo::new),
                Serve::describe);
    }
}
