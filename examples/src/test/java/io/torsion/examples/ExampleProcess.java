package io.torsion.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An example program running in its own JVM, on the class path and module path of the test run,
 * whose output lines are timed as they arrive. Every wait is bounded.
 */
final class ExampleProcess implements AutoCloseable {
    /** Generous: the suite runs on a loaded two-core machine. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** One line of standard output, and when it arrived. */
    record Line(String text, long arrivedNanos) {
    }

    private static final Line END = new Line("<end of output>", 0);

    private final Process process;
    private final long startNanos;
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> stderr;
    private final List<String> seen = new ArrayList<>();

    private ExampleProcess(Class<?> program, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-cp", testRunPath(), program.getName()));
        command.addAll(args);
        startNanos = System.nanoTime();
        process = new ProcessBuilder(command).start();
        stderr = readAll(process.getErrorStream());
        Thread reader = new Thread(this::readLines, "stdout of " + program.getSimpleName());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code program}'s main with {@code args} in a new JVM. */
    static ExampleProcess start(Class<?> program, String... args) throws IOException {
        return new ExampleProcess(program, List.of(args));
    }

    /** Returns the next line of output, or empty at the end of the output; fails after WAIT. */
    Optional<Line> nextLine() throws InterruptedException {
        Line line = lines.poll(WAIT.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            fail("no output within " + WAIT + describe());
        }
        if (line == END) {
            lines.add(END);
            return Optional.empty();
        }
        seen.add(line.text());
        return Optional.of(line);
    }

    /** Returns the next line, failing if the output has ended. */
    Line expectLine() throws InterruptedException {
        return nextLine().orElseThrow(() -> new AssertionError("the output ended after " + seen + describe()));
    }

    /** Returns the lines up to the end of the output. */
    List<String> remainingLines() throws InterruptedException {
        List<String> rest = new ArrayList<>();
        for (Optional<Line> line = nextLine(); line.isPresent(); line = nextLine()) {
            rest.add(line.get().text());
        }
        return rest;
    }

    /** Seconds from just before the process started until {@code line} was read. */
    double secondsToArrival(Line line) {
        return (line.arrivedNanos() - startNanos) / 1e9;
    }

    /** Waits for the process to exit and returns its exit status; fails after {@code wait}. */
    int awaitExit(Duration wait) throws InterruptedException {
        if (!process.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            fail("the program did not exit within " + wait + describe());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM on Unix, keeping our ends of the pipes open (unlike Process.destroy()). */
    void terminate() {
        assertTrue(process.toHandle().destroy(), "cannot signal the program");
    }

    /** Returns what the program wrote to standard error, once it has closed it. */
    String stderr() throws Exception {
        return stderr.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** What the program has printed so far, for failure messages. */
    String describe() {
        String err;
        try {
            err = stderr.getNow("<still open>");
        } catch (RuntimeException e) {
            err = "<unreadable: " + e + ">";
        }
        return "\nstdout so far: " + seen + "\nstderr: " + err;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String text;
            while ((text = in.readLine()) != null) {
                lines.add(new Line(text, System.nanoTime()));
            }
        } catch (IOException e) {
            lines.add(new Line("<read failed: " + e + ">", System.nanoTime()));
        } finally {
            lines.add(END);
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> all = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                all.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                all.completeExceptionally(new UncheckedIOException(e));
            }
        }, "stderr reader");
        reader.setDaemon(true);
        reader.start();
        return all;
    }

    /** The java launcher running this test, so that the child uses the same JDK. */
    private static String javaCommand() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot find the java launcher"));
    }

    /**
     * The class path and module path of this test run, as one class path: Surefire puts the module
     * under test and the core on the module path, JUnit on the class path; on the class path alone,
     * the modules' descriptors are ignored, which a plain main does not mind.
     */
    static String testRunPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value == null) {
                continue;
            }
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
