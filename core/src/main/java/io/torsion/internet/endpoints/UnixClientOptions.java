package io.torsion.internet.endpoints;

import java.util.Objects;

/**
 * What a {@code unix:} client description says (Twisted's {@code unix:} client parser):
 * {@code unix:path=PATH:timeout=S:checkPID=0}.
 *
 * <p>Threading: immutable.
 *
 * @param path the socket's file name
 * @param timeoutSeconds how long the attempt may take
 * @param checkPID whether to check the server's lock file first
 */
public record UnixClientOptions(String path, double timeoutSeconds, boolean checkPID) {
    /**
     * Checks the parts.
     *
     * @param path the path
     * @param timeoutSeconds the timeout
     * @param checkPID whether to check the lock file
     * @throws NullPointerException if {@code path} is null
     */
    public UnixClientOptions {
        Objects.requireNonNull(path, "path");
    }
}
