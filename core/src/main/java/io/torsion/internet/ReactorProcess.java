package io.torsion.internet;

import java.util.List;
import java.util.Map;

/**
 * Starts child processes whose pipes are driven by the reactor (Twisted's
 * {@code IReactorProcess}).
 * <pre>{@code
 * reactor.spawnProcess(new Collect(), "/bin/sh", List.of("sh", "-c", "echo hello"), null, null);
 * }</pre>
 *
 * <p>The JDK's process pipes block, so each child gets three daemon threads: two read its standard
 * output and error, one writes its standard input. They hand every event to the reactor thread
 * with {@code callFromThread}, so each stream's events arrive in order and the protocol runs on the
 * reactor thread only. The child's exit is observed through {@link Process#onExit()}.
 *
 * <p>Differences from Twisted, forced by the JDK's {@link Process}: when the child exits, the JDK
 * takes the output already waiting in its pipes and closes them, and closes its standard input.
 * So output that a grandchild still holding the pipes writes later is lost (Twisted waits until
 * every holder has closed them before {@code processEnded}), and the child's exit may be reported
 * after its pipes' end. The child's {@code argv[0]} cannot be chosen, file descriptors other than
 * 0, 1 and 2 cannot be mapped ({@code childFDs}), and there is no {@code uid}, {@code gid} or
 * {@code usePTY}.
 *
 * <p>Threading: reactor thread only, or before the reactor runs on the thread that owns it.
 */
public interface ReactorProcess {
    /**
     * Starts {@code executable} with {@code args} and connects {@code protocol} to it (Twisted's
     * {@code spawnProcess}); {@code connectionMade} has run when this returns.
     *
     * @param protocol hears the process's output and exit
     * @param executable the program: a path, or a name looked up in this process's {@code PATH}
     * @param args the argument vector, starting with the program's name {@code argv[0]} as in
     *     Twisted; the JDK cannot set {@code argv[0]}, so the child sees {@code executable} there
     *     and {@code args.get(0)} is not passed
     * @param env the child's whole environment, or null to inherit this process's
     * @param path the child's working directory, or null for this process's
     * @return the transport, to write to the child, close its pipes and signal it
     * @throws ProcessSpawnError if the program cannot be started (it does not exist, may not be
     *     run, or the directory is missing)
     * @throws IllegalStateException if the protocol is connected already
     */
    ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args,
            Map<String, String> env, String path);

    /**
     * As {@link #spawnProcess(ProcessProtocol, String, List, Map, String)}, inheriting this
     * process's environment and working directory.
     *
     * @param protocol hears the process's output and exit
     * @param executable the program
     * @param args the argument vector, starting with {@code argv[0]}
     * @return the transport
     * @throws ProcessSpawnError if the program cannot be started
     */
    default ProcessTransport spawnProcess(ProcessProtocol protocol, String executable, List<String> args) {
        return spawnProcess(protocol, executable, args, null, null);
    }
}
