package io.torsion.cli;

import io.torsion.internet.Factory;
import io.torsion.internet.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code torsion echo --listen DESCRIPTION}: an echo server (Twisted's {@code Echo} from
 * {@code twisted.protocols.wire}) on any server endpoint description; it prints the address it
 * listens on and runs until stopped.
 *
 * <p>Threading: runs on the calling thread.
 */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Runs an echo server: every byte received is sent back.")
final class EchoCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--listen", paramLabel = "ENDPOINT", defaultValue = "tcp:7000",
            description = "Where to listen, as an endpoint description such as tcp:7000 or "
                    + "tcp:7000:interface=127.0.0.1 (default: ${DEFAULT-VALUE}).")
    String listen;

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
        Serve.serve(context, "echo server", listen, reactor -> Factory.forProtocol(Echo::new));
    }
}
