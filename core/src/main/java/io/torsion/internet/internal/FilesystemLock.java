package io.torsion.internet.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A lock that one process holds on a path, made of a symbolic link whose target is the holder's
 * process id; a lock whose holder has died is stale and taken over (Twisted's
 * {@code lockfile.FilesystemLock}, used by {@code listenUNIX(wantPID=True)}).
 *
 * <p>Lifecycle: {@link #lock()} → held → {@link #unlock()}. {@link #clean()} tells, after a
 * successful {@code lock()}, whether no stale lock had to be broken.
 *
 * <p>Threading: one thread at a time (the reactor's); the file system is the arbiter between
 * processes.
 */
public final class FilesystemLock {
    private static final int ATTEMPTS = 10; // bounded: each retry means another process raced us

    private final Path name;
    private boolean locked;
    private boolean clean = true;

    /**
     * Names the lock; nothing happens on disk yet.
     *
     * @param name the path of the symbolic link
     */
    public FilesystemLock(Path name) {
        this.name = name;
    }

    /**
     * Takes the lock if no live process holds it, breaking a stale one.
     *
     * @return true if this process now holds it; false if a live process (this one included) does
     * @throws IOException if the link cannot be made or read, for example because a file that is
     *     not such a link has the name
     */
    public boolean lock() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                Files.createSymbolicLink(name, Path.of(pid));
                locked = true;
                return true;
            } catch (FileAlreadyExistsException taken) {
                Optional<Long> holder;
                try {
                    holder = holder();
                } catch (NoSuchFileException gone) {
                    continue; // released between our two calls: try again
                }
                if (holder.isPresent() && ProcessHandle.of(holder.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    return false;
                }
                Files.deleteIfExists(name);
                clean = false;
            }
        }
        throw new IOException("could not take the lock " + name + " in " + ATTEMPTS + " attempts: other processes keep racing");
    }

    /** The holder's pid, or empty if the link's target is not a number. */
    private Optional<Long> holder() throws IOException {
        String target = Files.readSymbolicLink(name).toString();
        try {
            return Optional.of(Long.parseLong(target));
        } catch (NumberFormatException notAPid) {
            return Optional.empty(); // not a lock we understand: treat it as stale, as a dead holder
        }
    }

    /**
     * Releases the lock this process holds.
     *
     * @throws IOException if the link cannot be removed
     * @throws IllegalStateException if this object does not hold the lock
     */
    public void unlock() throws IOException {
        if (!locked) {
            throw new IllegalStateException("the lock " + name + " is not held");
        }
        locked = false;
        Files.deleteIfExists(name);
    }

    /**
     * Tells whether {@link #lock()} took the lock without breaking a stale one.
     *
     * @return false if a dead process's lock was broken
     */
    public boolean clean() {
        return clean;
    }

    /**
     * Tells whether a live process holds the lock at {@code name} (Twisted's
     * {@code lockfile.isLocked}); it may take and release the lock to find out.
     *
     * @param name the path of the lock
     * @return true if a live process holds it
     * @throws IOException if the lock cannot be examined
     */
    public static boolean isLocked(Path name) throws IOException {
        FilesystemLock probe = new FilesystemLock(name);
        if (probe.lock()) {
            probe.unlock();
            return false;
        }
        return true;
    }
}
