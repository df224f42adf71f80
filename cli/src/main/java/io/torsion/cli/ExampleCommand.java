package io.torsion.cli;

import io.torsion.examples.BlockingInput;
import io.torsion.examples.PrintLater;
import io.torsion.examples.PrintLaterTwice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code torsion example [NAME [ARGS…]]}: runs one of the tutorial's programs by name, passing it
 * the remaining arguments; without a name, lists them.
 *
 * <p>An unknown name is a usage error (one line, status 2). The program runs in this JVM on the
 * process-wide reactor, as when it is started with {@code java} directly; it stops as it would
 * there (Ctrl-C, or {@code --stop-after-printing}).
 *
 * <p>Threading: runs on the calling thread, which becomes the program's reactor thread.
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Runs a program of Twisted's tutorial; with no NAME, lists them.")
final class ExampleCommand implements Runnable {
    /** The programs by name, in the tutorial's order. */
    static final Map<String, Program> PROGRAMS = programs();

    /** A runnable example and the line that describes it. */
    record Program(String summary, Consumer<String[]> main) {
    }

    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The program to run.")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS",
            description = "Arguments for the program, e.g. --stop-after-printing.")
    List<String> args = new ArrayList<>();

    ExampleCommand(CliContext context) {
        this.context = context;
    }

    private static Map<String, Program> programs() {
        Map<String, Program> programs = new java.util.LinkedHashMap<>();
        programs.put("print-later", new Program(
                "prints \"The future is now!\" after 1 s with deferLater, then runs until Ctrl-C",
                PrintLater::main));
        programs.put("print-later-twice", new Program(
                "a hand-made Deferred with two callbacks fired by callLater after 1 s", PrintLaterTwice::main));
        programs.put("blocking-input", new Program(
                "downloads the URLs given (or a few defaults) at once with getPage, reporting each as it arrives",
                BlockingInput::main));
        return java.util.Collections.unmodifiableMap(programs);
    }

    @Override
    public void run() {
        if (name == null) {
            context.out().println("Examples (run one with: torsion example NAME [ARGS...]):");
            PROGRAMS.forEach((n, p) -> context.out().printf("  %-18s %s%n", n, p.summary()));
            context.out().flush();
            return;
        }
        Program program = PROGRAMS.get(name);
        if (program == null) {
            throw new CliError("no example named \"" + name + "\"; run torsion example to list them");
        }
        context.out().flush();
        program.main().accept(args.toArray(String[]::new));
    }
}
