package io.torsion.internet.endpoints;

import java.util.Objects;

/**
 * What a {@code unix:} server description says (Twisted's {@code unix:} server parser):
 * {@code unix:PATH:backlog=N:mode=0666:lockfile=0}.
 *
 * <p>Threading: immutable.
 *
 * @param path the socket's file name
 * @param backlog the listen backlog
 * @param mode the socket file's permissions (the description gives them in octal)
 * @param lockfile whether to guard the path with a lock file
 */
public record UnixServerOptions(String path, int backlog, int mode, boolean lockfile) {
    /**
     * Checks the parts.
     *
     * @param path the path
     * @param backlog the backlog
     * @param mode the permissions
     * @param lockfile whether to lock
     * @throws NullPointerException if {@code path} is null
     */
    public UnixServerOptions {
        Objects.requireNonNull(path, "path");
    }
}
