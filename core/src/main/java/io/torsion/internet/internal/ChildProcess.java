package io.torsion.internet.internal;

import io.torsion.defer.Failure;
import io.torsion.internet.ProcessDone;
import io.torsion.internet.ProcessExitedAlready;
import io.torsion.internet.ProcessProtocol;
import io.torsion.internet.ProcessSpawnError;
import io.torsion.internet.ProcessTerminated;
import io.torsion.internet.ProcessTransport;
import io.torsion.internet.ReactorThreadCheck;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One child process and its three pipes, pumped by dedicated threads that hand every event to the
 * reactor thread (Twisted's {@code process.Process}).
 *
 * <p>Lifecycle: started by {@link #spawn} (the protocol's {@code connectionMade} has run when it
 * returns) → each pipe closes once ({@code childConnectionLost}), the exit is seen once
 * ({@code processExited}) → when all four have happened, {@code processEnded}, once.
 *
 * <p>Threads: a reader per output pipe (blocking reads of up to {@link #READ_CHUNK} bytes, each
 * chunk posted with {@code callFromThread}, so a stream's chunks keep their order), a writer for
 * standard input that takes the arrays queued by {@link #write} in order, and the JDK's own process
 * reaper, which reports the exit. Every field is touched on the reactor thread only, except the
 * write queue (thread-safe) and the final {@code process} and {@code protocol}.
 *
 * <p>Threading: reactor thread only; public methods assert it.
 */
public final class ChildProcess implements ProcessTransport {
    /** The most bytes one {@code outReceived} or {@code errReceived} carries. */
    public static final int READ_CHUNK = 64 * 1024;

    private static final byte[] CLOSE = new byte[0]; // the writer's end marker, compared by identity
    /** The POSIX signals that {@code kill -s} knows everywhere. */
    private static final Set<String> SIGNALS = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
            "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "SYS");

    private final TcpContext ctx;
    private final ProcessProtocol protocol;
    private final Process process;
    private final String name;
    private final LinkedBlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private boolean acceptingInput = true;
    private final boolean[] reading = {false, true, true};
    private final boolean[] lost = new boolean[3];
    private Failure exitReason;
    private boolean ended;

    private ChildProcess(TcpContext ctx, ProcessProtocol protocol, Process process, String executable) {
        this.ctx = ctx;
        this.protocol = protocol;
        this.process = process;
        this.name = executable + " (pid " + process.pid() + ")";
    }

    /**
     * Starts the program and its pipe threads, then connects the protocol.
     *
     * @param ctx the reactor's context
     * @param protocol the protocol, not connected yet
     * @param executable the program
     * @param args the argument vector, {@code argv[0]} first (not passed: the JDK cannot)
     * @param env the whole environment, or null to inherit
     * @param path the working directory, or null to inherit
     * @return the running process
     * @throws ProcessSpawnError if the program cannot be started
     * @throws IllegalStateException if the protocol is connected already
     */
    public static ChildProcess spawn(TcpContext ctx, ProcessProtocol protocol, String executable, List<String> args,
            Map<String, String> env, String path) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(args, "args");
        if (protocol.isConnected()) {
            throw new IllegalStateException(protocol.logPrefix() + " is already connected to a process");
        }
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args.isEmpty() ? List.of() : args.subList(1, args.size()));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (env != null) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        if (path != null) {
            builder.directory(new File(path));
        }
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new ProcessSpawnError("Cannot start " + executable
                    + (path == null ? "" : " in " + path) + ": " + e.getMessage(), e);
        }
        ChildProcess child = new ChildProcess(ctx, protocol, p, executable);
        child.startThreads();
        ctx.loop().runHandler(protocol, () -> protocol.makeConnection(child));
        return child;
    }

    private void startThreads() {
        thread("stdout", () -> pump(process.getInputStream(), 1));
        thread("stderr", () -> pump(process.getErrorStream(), 2));
        thread("stdin", this::feed);
        // thenRun may run at once, on this thread, if the child is already gone: still a later turn.
        process.onExit().thenRun(() -> ctx.loop().callFromThread(this::exited));
    }

    private void thread(String stream, Runnable body) {
        Thread t = new Thread(body, "torsion-process-" + process.pid() + "-" + stream);
        t.setDaemon(true); // a child that outlives the program must not keep the JVM alive
        t.start();
    }

    // ------------------------------------------------------------------ pipe threads

    private void pump(InputStream in, int fd) {
        byte[] buf = new byte[READ_CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    byte[] data = Arrays.copyOf(buf, n);
                    ctx.loop().callFromThread(() -> received(fd, data));
                }
            }
        } catch (IOException closed) {
            // closeStdout/closeStderr closed the stream under us, or the pipe broke: either way
            // the stream has ended, which the finally block reports.
        } finally {
            ctx.loop().callFromThread(() -> pipeClosed(fd));
        }
    }

    private void feed() {
        OutputStream out = process.getOutputStream();
        try (out) {
            for (byte[] data = stdin.take(); data != CLOSE; data = stdin.take()) {
                out.write(data);
                if (stdin.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException brokenPipe) {
            // The child closed its input or exited: the bytes still queued cannot be delivered and
            // are dropped, as Twisted drops them; the pipe's end is reported below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ctx.loop().callFromThread(() -> pipeClosed(0));
        }
    }

    // ------------------------------------------------------------------ events on the reactor

    private void received(int fd, byte[] data) {
        if (reading[fd]) {
            ctx.loop().runHandler(protocol, () -> protocol.childDataReceived(fd, data));
        }
    }

    private void pipeClosed(int fd) {
        if (lost[fd]) {
            return;
        }
        lost[fd] = true;
        reading[fd] = false;
        if (fd == 0) {
            acceptingInput = false;
        }
        ctx.loop().runHandler(protocol, () -> protocol.childConnectionLost(fd));
        maybeEnded();
    }

    private void exited() {
        int status = process.exitValue();
        Exception reason;
        if (status == 0) {
            reason = new ProcessDone();
        } else if (status > 128 && status <= 128 + 64) {
            reason = ProcessTerminated.bySignal(status - 128); // the JDK's 128 + signal convention
        } else {
            reason = ProcessTerminated.exited(status);
        }
        exitReason = new Failure(reason);
        ctx.loop().runHandler(protocol, () -> protocol.processExited(exitReason));
        // The JDK has closed the pipe itself by now (ProcessImpl closes the child's stdin on exit):
        // end the writer, so that inConnectionLost and then processEnded can come.
        closeStdin();
        maybeEnded();
    }

    private void maybeEnded() {
        if (!ended && exitReason != null && lost[0] && lost[1] && lost[2]) {
            ended = true;
            ctx.loop().runHandler(protocol, () -> protocol.processEnded(exitReason));
        }
    }

    // ------------------------------------------------------------------ the transport

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void write(byte[] data) {
        assert ReactorThreadCheck.check(ctx.reactor(), "write");
        Objects.requireNonNull(data, "data");
        if (acceptingInput && data.length > 0) {
            stdin.add(data);
        }
    }

    @Override
    public void writeSequence(List<byte[]> data) {
        assert ReactorThreadCheck.check(ctx.reactor(), "writeSequence");
        for (byte[] d : data) {
            write(d);
        }
    }

    @Override
    public void closeStdin() {
        assert ReactorThreadCheck.check(ctx.reactor(), "closeStdin");
        if (acceptingInput) {
            acceptingInput = false;
            stdin.add(CLOSE);
        }
    }

    @Override
    public void closeStdout() {
        assert ReactorThreadCheck.check(ctx.reactor(), "closeStdout");
        closeReading(1, process.getInputStream());
    }

    @Override
    public void closeStderr() {
        assert ReactorThreadCheck.check(ctx.reactor(), "closeStderr");
        closeReading(2, process.getErrorStream());
    }

    private void closeReading(int fd, InputStream in) {
        if (!reading[fd]) {
            return;
        }
        reading[fd] = false;
        try {
            // Does not wait for the reader thread: it ends at its next read, and what it still
            // reads is dropped because reading[fd] is false.
            in.close();
        } catch (IOException e) {
            ctx.logError("closing a pipe of", this, e);
        }
        ctx.loop().callLater(0, () -> pipeClosed(fd));
    }

    @Override
    public void loseConnection() {
        assert ReactorThreadCheck.check(ctx.reactor(), "loseConnection");
        closeStdin();
        closeStdout();
        closeStderr();
    }

    @Override
    public void signalProcess(String signal) {
        assert ReactorThreadCheck.check(ctx.reactor(), "signalProcess");
        Objects.requireNonNull(signal, "signal");
        String sig = signal.startsWith("SIG") ? signal.substring(3) : signal;
        if (!SIGNALS.contains(sig)) {
            throw new IllegalArgumentException("not a known signal name: " + signal + " (use TERM, KILL, INT, HUP, ...)");
        }
        if (exitReason != null || !process.isAlive()) {
            throw new ProcessExitedAlready("the process " + name + " has already exited");
        }
        switch (sig) {
            case "TERM" -> process.destroy();
            case "KILL" -> process.destroyForcibly();
            default -> ctx.reactor().callInThread(() -> sendWithKill(sig));
        }
    }

    /** Runs {@code kill -s sig pid} (in the thread pool: starting a program may block). */
    private void sendWithKill(String sig) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", sig, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            // kill fails with "No such process" when the child exited first; the JDK may not have
            // noticed yet (its reaper thread sets the exit state just after reaping), so give it a
            // moment before calling the failure ours.
            if (kill.waitFor() != 0 && !process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                ctx.logError("signal " + sig + " (kill said: " + output.strip() + ") for", this,
                        new IOException("kill -s " + sig + " exited with status " + kill.exitValue()));
            }
        } catch (IOException e) {
            ctx.logError("signal " + sig + " for", this, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "<process " + name + ">";
    }
}
