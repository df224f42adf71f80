package io.torsion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shaded jar run as a child process, as ./torsion runs it (after mvn package). */
@Timeout(120)
class LauncherJarIT {
    private static final Path JAR = Path.of("target", "torsion.jar");

    private static ProcessBuilder torsion(String... args) {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar is missing: " + JAR.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    @Test
    void badEndpointExitsWithStatus2AndOneLine() throws Exception {
        Process p = torsion("echo", "--listen", "tcp:notaport").start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String line = err.get(30, TimeUnit.SECONDS).strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("port \"notaport\" is not a number"), line);
    }

    @Test
    void portInUseExitsWithStatus2AndOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process p = torsion("echo", "--listen", "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1").start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue());
            String line = err.get(30, TimeUnit.SECONDS).strip();
            assertTrue(line.startsWith("torsion echo: Couldn't listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    line);
            assertFalse(line.contains("\n"), line);
        }
    }

    @Test
    void echoServesARealClient() throws Exception {
        Process p = torsion("echo", "--listen", "tcp:0:interface=127.0.0.1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String line = first.get(60, TimeUnit.SECONDS);
            assertNotNull(line);
            Matcher m = Pattern.compile(":(\\d+)$").matcher(line);
            assertTrue(m.find(), line);
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                s.setSoTimeout(30_000);
                OutputStream o = s.getOutputStream();
                o.write("ping".getBytes(StandardCharsets.UTF_8));
                o.flush();
                assertEquals("ping", new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The README's first command, {@code ./torsion web --path .}, with a browser-like client. */
    @Test
    void webServesAFolderToABrowserLikeClient() throws Exception {
        Path dir = Files.createTempDirectory("torsion-web-it");
        Files.writeString(dir.resolve("index.html"), "<!doctype html><title>t</title><p>welcome</p>\n");
        Process p = torsion("web", "--listen", "tcp:0:interface=127.0.0.1", "--path", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertNotNull(line);
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)$").matcher(line);
            assertTrue(m.find(), line);
            java.net.HttpURLConnection page = (java.net.HttpURLConnection) java.net.URI.create(m.group(1)).toURL()
                    .openConnection();
            page.setRequestProperty("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0");
            page.setRequestProperty("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            page.setConnectTimeout(60_000);
            page.setReadTimeout(60_000);
            assertEquals(200, page.getResponseCode());
            assertTrue(String.valueOf(page.getContentType()).startsWith("text/html"), page.getContentType());
            String body = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("<p>welcome</p>"), body);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** {@code ./torsion get} through a pipe against {@code ./torsion web}: result lines only, status 1. */
    @Test
    void getDownloadsFromTheWebCommandThroughAPipe() throws Exception {
        Path dir = Files.createTempDirectory("torsion-get-it");
        Files.writeString(dir.resolve("index.html"), "<p>welcome</p>\n");
        Path saved = Files.createTempDirectory("torsion-get-it-out");
        Process web = torsion("web", "--listen", "tcp:0:interface=127.0.0.1", "--path", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader webOut = new BufferedReader(new InputStreamReader(web.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return webOut.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertNotNull(line);
            Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)$").matcher(line);
            assertTrue(m.find(), line);
            String base = m.group(1);
            Process get = torsion("get", "-o", saved.toString(), base, base + "missing.txt").start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(get.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(get.getErrorStream()));
            assertTrue(get.waitFor(60, TimeUnit.SECONDS));
            String text = out.get(30, TimeUnit.SECONDS);
            assertEquals(1, get.exitValue(), text + err.get(30, TimeUnit.SECONDS));
            assertEquals("", err.get(30, TimeUnit.SECONDS));
            assertFalse(text.contains("\r"), text);
            List<String> lines = text.lines().sorted().toList();
            assertEquals(2, lines.size(), text);
            assertEquals("FAIL " + base + "missing.txt: HttpError: 404 Not Found", lines.get(0));
            assertTrue(lines.get(1).matches("OK   " + Pattern.quote(base) + " 15 bytes in \\d+ ms"), lines.get(1));
            assertEquals("<p>welcome</p>\n", Files.readString(saved.resolve("index.html")));
        } finally {
            web.destroy();
            if (!web.waitFor(30, TimeUnit.SECONDS)) {
                web.destroyForcibly();
            }
        }
    }

    @Test
    void exampleRunsATutorialProgram() throws Exception {
        Process p = torsion("example", "print-later", "--stop-after-printing")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("The future is now!\n", out.get(30, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
