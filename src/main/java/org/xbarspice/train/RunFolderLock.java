package org.xbarspice.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbarspice.units.InvalidInputException;

/**
 * A run folder (a training run's, a sweep's) held by one run at a time: an exclusive {@link FileChannel#tryLock} on its
 * empty file {@value #FILE} (which stays when the lock is released) against other processes, which the operating system
 * drops when the process ends, however it ends; and, within this JVM, a set of the folders in use, checked first, as a
 * second channel on the file would not be refused there and closing it would drop the process's lock. On a file system that refuses locks
 * (some network file systems) only the JVM's own set holds the folder, so that runs there still run.
 */
public final class RunFolderLock implements AutoCloseable {
    /** The lock file in a run folder. */
    public static final String FILE = ".lock";

    /** The folders (real paths) that this JVM holds or is probing. */
    private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;

    private RunFolderLock(Path folder, FileChannel channel) {
        this.folder = folder;
        this.channel = channel;
    }

    /**
     * Takes the lock of {@code dir} (creating the folder and its lock file) at once; refused, as bad input, where another
     * run holds it, in this process or another.
     */
    public static RunFolderLock take(Path dir) {
        Path folder;
        try {
            folder = Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
        }
        FileChannel channel = lock(dir, folder, StandardOpenOption.CREATE);
        return new RunFolderLock(folder, channel);
    }

    /**
     * Refuses, as bad input, {@code dir} where another run holds it, in this process or another; writes nothing (a folder
     * without a lock file is free).
     */
    public static void requireFree(Path dir) {
        if (Files.isRegularFile(dir.resolve(FILE))) {
            try {
                Path folder = dir.toRealPath();
                close(lock(dir, folder, StandardOpenOption.WRITE), folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run folder " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** The channel of the lock file of {@code dir} (real path {@code folder}), locked, opened with {@code mode}. */
    private static FileChannel lock(Path dir, Path folder, StandardOpenOption mode) {
        Path file = dir.resolve(FILE);
        if (!IN_USE.add(folder)) {
            throw inUse(dir, file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, mode, StandardOpenOption.WRITE);
            if (!lockedOrUnsupported(channel)) {
                throw inUse(dir, file);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            IN_USE.remove(folder);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open " + file + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Whether {@code channel}'s file is now locked by this process, or its file system does not lock (true); false where
     * another process holds it.
     */
    private static boolean lockedOrUnsupported(FileChannel channel) {
        try {
            return channel.tryLock() != null;
        } catch (IOException unsupported) { // ENOLCK and the like: the file system keeps no locks
            return true;
        }
    }

    private static InvalidInputException inUse(Path dir, Path file) {
        return new InvalidInputException("another run is using " + dir + " (it holds " + file + "): wait for that run to end, "
                + "or give another folder");
    }

    /** Releases the lock. */
    @Override
    public void close() {
        close(channel, folder);
    }

    /** Closes {@code channel}, which releases its lock, and frees {@code folder} in this JVM. */
    private static void close(FileChannel channel, Path folder) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of the run folder " + folder + ": " + e.getMessage(), e);
        } finally {
            IN_USE.remove(folder);
        }
    }
}
