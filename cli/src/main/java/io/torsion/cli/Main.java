package io.torsion.cli;

import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code torsion} command: {@code torsion echo --listen tcp:7000},
 * {@code torsion portforward --listen tcp:8000 --to host:port}, {@code torsion web --path DIR},
 * {@code torsion get URL...},
 * {@code torsion example NAME}, and
 * {@code --help} on each.
 *
 * <p>Exit status: 0 after a clean stop (Ctrl-C) or {@code --help} (and for {@code get}, when every
 * download succeeded; 1 if any failed); 2 for a usage error, a bad
 * endpoint description or a port that cannot be listened on, each reported as one line on
 * standard error without a stack trace; 1 for an unexpected error.
 *
 * <p>Threading: {@link #main} and {@link #execute} run on the calling thread and block while the
 * server runs; the reactor runs on that thread too.
 */
@Command(name = "torsion", mixinStandardHelpOptions = true, version = "torsion 0.1.0-SNAPSHOT",
        description = "Runs Torsion's servers and tools.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The exit status of a usage error, a bad endpoint or a port that cannot be used. */
    public static final int EXIT_USAGE = 2;

    private final CliContext context;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private Main(CliContext context) {
        this.context = context;
    }

    /**
     * Runs the command line and exits the JVM with its status.
     *
     * @param args the arguments, for example {@code echo --listen tcp:7000}
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Supplier<SelectorReactor> reactors = () -> new SelectorReactor(ReactorOptions.defaults().withSignalHandlers(true));
        System.exit(execute(args, reactors, out, err));
    }

    /**
     * Runs the command line in this JVM, as {@link #main} does without exiting: tests and embedders
     * call it, usually on their own thread, and stop the reactor they supplied to end a server.
     *
     * @param args the arguments
     * @param reactors makes the reactor a server command runs (one per call)
     * @param out where normal output goes (the "listening on" line, help)
     * @param err where the one-line errors go
     * @return the exit status: 0, {@value #EXIT_USAGE} or 1
     */
    public static int execute(String[] args, Supplier<SelectorReactor> reactors, PrintWriter out, PrintWriter err) {
        return commandLine(reactors, out, err).execute(args);
    }

    /**
     * Builds the picocli command line with every subcommand.
     *
     * @param reactors makes the reactor a server command runs
     * @param out where normal output goes
     * @param err where errors go
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(Supplier<SelectorReactor> reactors, PrintWriter out, PrintWriter err) {
        CliContext context = new CliContext(Objects.requireNonNull(reactors, "reactors"), out, err);
        CommandLine cmd = new CommandLine(new Main(context));
        cmd.addSubcommand(new CommandLine(new EchoCommand(context)));
        cmd.addSubcommand(new CommandLine(new PortforwardCommand(context)));
        cmd.addSubcommand(new CommandLine(new WebCommand(context)));
        cmd.addSubcommand(new CommandLine(new GetCommand(context)));
        // After NAME, everything (options included) belongs to the example program.
        cmd.addSubcommand(new CommandLine(new ExampleCommand(context)).setStopAtPositional(true));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine failed = ex.getCommandLine();
            err.println(failed.getCommandName() + ": " + ex.getMessage() + " (see "
                    + failed.getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            if (ex instanceof CliError e) {
                err.println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            err.println(failed.getCommandSpec().qualifiedName() + ": unexpected error: " + ex);
            err.flush();
            return 1;
        });
        return cmd;
    }

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        context.out().print(spec.commandLine().getUsageMessage());
        context.out().flush();
    }
}
