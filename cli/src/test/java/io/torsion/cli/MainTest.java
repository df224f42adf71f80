package io.torsion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import java.nio.file.Path;
import java.nio.file.Files;
import java.net.URI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The torsion command in-process: parsing, one-line errors, and real clients over loopback. */
@Timeout(120)
class MainTest {
    private static final long WAIT = 30;

    /** Collects printed lines so a test can wait for one. */
    static final class LineQueue extends Writer {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder current = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines.add(current.toString().stripTrailing());
                    current.setLength(0);
                } else {
                    current.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** A command running on its own thread with its own reactor. */
    final class Running {
        final SelectorReactor reactor = new SelectorReactor(ReactorOptions.defaults());
        final LineQueue out = new LineQueue();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Running(String... args) {
            Thread t = new Thread(() -> exit.complete(Main.execute(args, () -> reactor,
                    new PrintWriter(out, true), new PrintWriter(err, true))), "cli-test-" + args[0]);
            t.setDaemon(true);
            t.start();
            running.add(this);
        }

        /** Waits for the "listening on" line and returns the port. */
        int port() throws Exception {
            String line = out.lines.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(line, "no output; stderr: " + err);
            Matcher m = Pattern.compile("listening on .*:(\\d+)/?$").matcher(line);
            assertTrue(m.find(), line);
            return Integer.parseInt(m.group(1));
        }

        void stop() throws Exception {
            reactor.callFromThread(() -> {
                if (reactor.isRunning()) {
                    reactor.stop();
                }
            });
            assertEquals(0, exit.get(WAIT, TimeUnit.SECONDS));
        }
    }

    private final List<Running> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Running r : running) {
            if (!r.exit.isDone()) {
                r.stop();
            }
        }
    }

    record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, () -> new SelectorReactor(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    private static void assertOneLineError(Result r, String expected) {
        assertEquals(2, r.status(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("io.torsion."),
                "no stack trace or class name: " + err);
        assertTrue(err.contains(expected), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "echo ", "portforward ", "web ", "get ", "example ", "help "})
    void everyCommandHasHelp(String command) {
        String[] args = (command + "--help").split(" ");
        if (command.equals("help ")) {
            args = new String[] {"help", "echo"};
        }
        Result r = run(args);
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage: torsion"), r.out());
    }

    @Test
    void noCommandPrintsUsage() {
        Result r = run();
        assertEquals(0, r.status());
        assertTrue(r.out().contains("echo"), r.out());
        assertTrue(r.out().contains("portforward"), r.out());
    }

    @Test
    void exampleWithoutANameListsThePrograms() {
        Result r = run("example");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("print-later "), r.out());
        assertTrue(r.out().contains("print-later-twice "), r.out());
        assertTrue(r.out().contains("blocking-input "), r.out());
    }

    @Test
    void unknownExampleIsOneLineAndStatus2() {
        assertOneLineError(run("example", "print-sooner"), "no example named \"print-sooner\"");
    }

    @Test
    void badEndpointIsOneLineAndStatus2() {
        assertOneLineError(run("echo", "--listen", "foo:7000"), "unknown endpoint type \"foo\"");
        assertOneLineError(run("echo", "--listen", "tcp:99999"), "out of range");
        assertOneLineError(run("portforward", "--listen", "tcp:http", "--to", "h:1"), "is not a number");
    }

    @Test
    void badDestinationIsOneLineAndStatus2() {
        assertOneLineError(run("portforward", "--listen", "tcp:0", "--to", "nohostport"), "is not HOST:PORT");
        assertOneLineError(run("portforward", "--listen", "tcp:0", "--to", "h:port"), "is not a number");
        assertOneLineError(run("portforward", "--listen", "tcp:0", "--to", "::1:80"), "brackets");
    }

    @Test
    void usageErrorsAreOneLineAndStatus2() {
        assertOneLineError(run("echo", "--colour"), "Unknown option");
        assertOneLineError(run("portforward", "--listen", "tcp:0"), "--to");
        assertOneLineError(run("frobnicate"), "frobnicate");
    }

    @Test
    void portInUseIsOneLineAndStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertOneLineError(run("echo", "--listen", "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1"),
                    "Couldn't listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static String javaRoundTrip(int port, String message) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
            OutputStream out = s.getOutputStream();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(message.length()), StandardCharsets.UTF_8);
        }
    }

    private static boolean hasPython() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(WAIT, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final String PYTHON_CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=20)",
            "msg = b'hello from python'",
            "s.sendall(msg)",
            "got = b''",
            "while len(got) < len(msg):",
            "    chunk = s.recv(1024)",
            "    if not chunk: break",
            "    got += chunk",
            "s.close()",
            "sys.stdout.write(got.decode())");

    private static String pythonRoundTrip(int port) throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 not found: install the python3 package to run this test");
        Process p = new ProcessBuilder("python3", "-c", PYTHON_CLIENT, String.valueOf(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(WAIT, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python client did not finish in " + WAIT + " s");
        }
        assertEquals(0, p.exitValue());
        return new String(output.get(WAIT, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    @Test
    void echoAnswersAJavaClient() throws Exception {
        Running echo = new Running("echo", "--listen", "tcp:0:interface=127.0.0.1");
        int port = echo.port();
        assertEquals("hello from java", javaRoundTrip(port, "hello from java"));
        echo.stop();
    }

    @Test
    void echoAnswersAPythonClient() throws Exception {
        Running echo = new Running("echo", "--listen", "tcp:0:interface=127.0.0.1");
        assertEquals("hello from python", pythonRoundTrip(echo.port()));
    }

    @Test
    void echoWithTwoThreadsAnswersEveryClient() throws Exception {
        Running echo = new Running("echo", "--threads", "2", "--listen", "tcp:0:interface=127.0.0.1");
        int port = echo.port();
        // Four connections, one after the other: the group hands them to its two reactors in turn.
        for (int i = 0; i < 4; i++) {
            assertEquals("hello " + i, javaRoundTrip(port, "hello " + i));
        }
        assertEquals("hello from python", pythonRoundTrip(port));
        echo.stop();
    }

    @Test
    void echoSaysHowManyReactorThreadsServe() throws Exception {
        Running echo = new Running("echo", "--threads", "2", "--listen", "tcp:0:interface=127.0.0.1");
        String line = echo.out.lines.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(line, "no output; stderr: " + echo.err);
        assertTrue(line.startsWith("echo server (2 reactor threads) listening on 127.0.0.1:"), line);
        echo.stop();
    }

    @Test
    void threadsOutOfRangeIsOneLineAndStatus2() {
        assertOneLineError(run("echo", "--threads", "0", "--listen", "tcp:0:interface=127.0.0.1"),
                "--threads 0 is out of range (1 to 256)");
        assertOneLineError(run("web", "--threads", "257", "--listen", "tcp:0:interface=127.0.0.1", "--path", "."),
                "--threads 257 is out of range (1 to 256)");
        assertOneLineError(run("echo", "--threads", "two"), "--threads");
    }

    @Test
    void threadsNeedATcpEndpoint() throws Exception {
        Path dir = Files.createTempDirectory("torsion-threads-test");
        assertOneLineError(run("echo", "--threads", "2", "--listen", "unix:" + dir.resolve("echo.sock")),
                "serves tcp: and tcp6: endpoints only");
    }

    @Test
    void portInUseWithThreadsIsOneLineAndStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertOneLineError(run("echo", "--threads", "2", "--listen",
                    "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1"),
                    "Couldn't listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void portforwardRelaysToAnEchoServer() throws Exception {
        Running echo = new Running("echo", "--listen", "tcp:0:interface=127.0.0.1");
        int echoPort = echo.port();
        Running forward = new Running("portforward", "--listen", "tcp:0:interface=127.0.0.1",
                "--to", "127.0.0.1:" + echoPort);
        int port = forward.port();
        assertEquals("through the proxy", javaRoundTrip(port, "through the proxy"));
        assertEquals("hello from python", pythonRoundTrip(port));
    }

    private static Path folderToServe() throws Exception {
        Path dir = Files.createTempDirectory("torsion-web-test");
        Files.writeString(dir.resolve("index.html"), "<h1>hello</h1>\n");
        Files.writeString(dir.resolve("notes.txt"), "plain words\n");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("deep.txt"), "deeper\n");
        return dir;
    }

    /** A fetched page: status, content type and body. */
    record Page(int status, String contentType, String body) {
    }

    private static Page get(int port, String path) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
                .toURL().openConnection();
        c.setConnectTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
        c.setReadTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
        int status = c.getResponseCode();
        java.io.InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Page(status, String.valueOf(c.getContentType()), body);
    }

    @Test
    void webServesAFolderAndPrintsTheAddressToOpen() throws Exception {
        Path dir = folderToServe();
        Running web = new Running("web", "--listen", "tcp:0:interface=127.0.0.1", "--path", dir.toString(),
                "--access-log", "-");
        int port = web.port();
        Page index = get(port, "/");
        assertEquals(200, index.status());
        assertEquals("<h1>hello</h1>\n", index.body());
        Page notes = get(port, "/notes.txt");
        assertEquals("plain words\n", notes.body());
        assertTrue(notes.contentType().startsWith("text/plain"), notes.contentType());
        assertEquals("deeper\n", get(port, "/sub/deep.txt").body());
        assertEquals(404, get(port, "/missing.txt").status());
        assertEquals(404, get(port, "/%2e%2e/%2e%2e/etc/passwd").status());
        String logLine = web.out.lines.poll(WAIT, TimeUnit.SECONDS);
        assertNotNull(logLine);
        assertTrue(logLine.contains("\"GET / HTTP/1.1\" 200"), logLine);
        web.stop();
    }

    @Test
    void webWithTwoThreadsServesAFolderAndLogsEveryRequest() throws Exception {
        Path dir = folderToServe();
        Running web = new Running("web", "--threads", "2", "--listen", "tcp:0:interface=127.0.0.1",
                "--path", dir.toString(), "--access-log", "-");
        int port = web.port();
        for (int i = 0; i < 4; i++) { // HttpURLConnection may reuse a connection or open another
            assertEquals("plain words\n", get(port, "/notes.txt").body());
        }
        assertEquals("deeper\n", get(port, "/sub/deep.txt").body());
        assertEquals(404, get(port, "/missing.txt").status());
        for (int i = 0; i < 6; i++) {
            String logLine = web.out.lines.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(logLine, "access log line " + i);
            assertTrue(logLine.contains("\"GET /"), logLine);
        }
        web.stop();
    }

    @Test
    void webNamesTheAddressToOpen() {
        assertEquals("http://localhost:8080/", WebCommand.url(io.torsion.internet.IPv4Address.tcp("0.0.0.0", 8080)));
        assertEquals("http://127.0.0.1:80/", WebCommand.url(io.torsion.internet.IPv4Address.tcp("127.0.0.1", 80)));
    }

    @Test
    void webRefusesAFolderThatDoesNotExist() {
        assertOneLineError(run("web", "--listen", "tcp:0", "--path", "/no/such/folder"), "is not a folder");
    }

    // torsion get

    private static Path folderWithABigFile() throws Exception {
        Path dir = folderToServe();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(42).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        return dir;
    }

    private static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static final Pattern OK_LINE = Pattern.compile("^OK   (\\S+) (\\d+) bytes in \\d+ ms$");

    /** Maps each URL to its line's rest: "123 bytes" for OK lines, the reason for FAIL lines. */
    private static java.util.Map<String, String> getResults(Result r) {
        assertFalse(r.out().contains("\r"), "no progress line off a terminal: " + r.out());
        java.util.Map<String, String> results = new java.util.HashMap<>();
        for (String line : r.out().split("\n")) {
            Matcher ok = OK_LINE.matcher(line);
            if (ok.matches()) {
                assertEquals(null, results.put(ok.group(1), ok.group(2) + " bytes"), line);
                continue;
            }
            assertTrue(line.startsWith("FAIL "), line);
            int colon = line.indexOf(": ", 5);
            assertEquals(null, results.put(line.substring(5, colon), line.substring(colon + 2)), line);
            assertFalse(line.contains("\tat ") || line.contains("Exception"), line);
        }
        return results;
    }

    @Test
    void getReportsEveryUrlAndSavesTheBodies() throws Exception {
        Path served = folderWithABigFile();
        Running web = new Running("web", "--listen", "tcp:0:interface=127.0.0.1", "--path", served.toString());
        String base = "http://127.0.0.1:" + web.port();
        String refused = "http://127.0.0.1:" + refusedPort() + "/";
        Path out = Files.createTempDirectory("torsion-get-out");
        Result r = run("get", "-o", out.toString(), base + "/notes.txt", base + "/index.html", base + "/",
                base + "/sub", base + "/missing.txt", "a_bad_url", refused, base + "/big.bin",
                base + "/..%2F..%2Fescaped.txt");
        assertEquals(1, r.status(), r.err());
        assertEquals("", r.err());
        java.util.Map<String, String> results = getResults(r);
        assertEquals(9, results.size(), r.out());
        assertEquals("12 bytes", results.get(base + "/notes.txt"));
        assertEquals("15 bytes", results.get(base + "/index.html"));
        assertEquals("15 bytes", results.get(base + "/"));
        assertTrue(results.get(base + "/sub").endsWith(" bytes"), "redirect followed: " + results);
        assertEquals("HttpError: 404 Not Found", results.get(base + "/missing.txt"));
        assertTrue(results.get("a_bad_url").startsWith("InvalidUrlError: "), results.get("a_bad_url"));
        assertTrue(results.get(refused).startsWith("ConnectionRefusedError"), results.get(refused));
        assertEquals(Files.size(served.resolve("big.bin")) + " bytes", results.get(base + "/big.bin"));
        assertTrue(results.get(base + "/..%2F..%2Fescaped.txt").startsWith("UnsafeNameError: refusing"),
                results.get(base + "/..%2F..%2Fescaped.txt"));

        assertEquals("plain words\n", Files.readString(out.resolve("notes.txt")));
        assertEquals("<h1>hello</h1>\n", Files.readString(out.resolve("index.html")));
        assertEquals("<h1>hello</h1>\n", Files.readString(out.resolve("index.html.1")));
        assertTrue(Files.readString(out.resolve("sub")).contains("deep.txt"), "the listing of /sub/");
        assertEquals(-1L, Files.mismatch(served.resolve("big.bin"), out.resolve("big.bin")));
        try (var files = Files.list(out)) {
            assertEquals(List.of("big.bin", "index.html", "index.html.1", "notes.txt", "sub"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no files for failures");
        }
        assertFalse(Files.exists(out.getParent().resolve("escaped.txt")));
        assertFalse(Files.exists(out.getParent().getParent().resolve("escaped.txt")));
    }

    @Test
    void getExitsWith0WhenEveryDownloadSucceeds() throws Exception {
        Running web = new Running("web", "--listen", "tcp:0:interface=127.0.0.1", "--path",
                folderToServe().toString());
        String base = "http://127.0.0.1:" + web.port();
        Result r = run("get", base + "/notes.txt", base + "/sub/deep.txt");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(java.util.Map.of(base + "/notes.txt", "12 bytes", base + "/sub/deep.txt", "7 bytes"),
                getResults(r));
    }

    @Test
    void getUsageErrorsAreOneLineAndStatus2() throws Exception {
        assertOneLineError(run("get"), "URL");
        assertOneLineError(run("get", "-o", "/no/such/folder", "http://127.0.0.1:1/"), "is not a folder");
        Path file = Files.createTempFile("torsion-get", ".txt");
        assertOneLineError(run("get", "-o", file.toString(), "http://127.0.0.1:1/"), "is not a folder");
    }

    /** Collects everything printed and completes {@code seen} once {@code wanted} has appeared. */
    static final class Recorder extends Writer {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<Void> seen = new CompletableFuture<>();
        private final String wanted;

        Recorder(String wanted) {
            this.wanted = wanted;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            if (text.indexOf(wanted) >= 0) {
                seen.complete(null);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return text.toString();
        }
    }

    /** A server that sends half a body, then the rest once the client's progress line shows 50%. */
    @Test
    void getShowsProgressOnATerminalWhileADownloadRuns() throws Exception {
        Recorder out = new Recorder("slow 5 B 50%");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
                    InputStream in = s.getInputStream();
                    String head = "";
                    while (!head.endsWith("\r\n\r\n")) {
                        int b = in.read();
                        assertTrue(b >= 0, "request head cut short: " + head);
                        head += (char) b;
                    }
                    OutputStream o = s.getOutputStream();
                    o.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello"
                            .getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                    out.seen.get(WAIT, TimeUnit.SECONDS);
                    o.write("world".getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/slow";
            StringWriter err = new StringWriter();
            picocli.CommandLine cmd = Main.commandLine(() -> new SelectorReactor(), new PrintWriter(out, true),
                    new PrintWriter(err, true));
            ((GetCommand) cmd.getSubcommands().get("get").getCommand()).terminal = true;
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> cmd.execute("get", url));
            assertEquals(0, status.get(WAIT, TimeUnit.SECONDS), out.text() + err);
            served.get(WAIT, TimeUnit.SECONDS);
            String text = out.text();
            assertTrue(text.startsWith("\rslow "), text);
            // The line is cleared (blanked, cursor back at the start) before the result is printed.
            Matcher m = Pattern.compile("\r +\r(OK   " + Pattern.quote(url) + " 10 bytes in \\d+ ms)\n$").matcher(text);
            assertTrue(m.find(), text);
        }
    }
}
