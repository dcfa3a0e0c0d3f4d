package dev.spectral.internal.io;

import dev.spectral.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The working directory of one resumable run: created if needed, locked for the run (two runs never share it), with
 * durable atomic replacement of small state files, and removal of the directory when a run of ours created it.
 */
public final class RunDirectory implements AutoCloseable {
    private final Path dir;
    private final String lockName;
    private final String createdMarker;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, String lockName, String createdMarker, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockName = lockName;
        this.createdMarker = createdMarker;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed (leaving {@code createdMarker} in it) and takes the lock file {@code lockName},
     * or refuses when another run holds it; {@code what} names the directory in messages ("scratch directory").
     */
    public static RunDirectory open(Path dir, String lockName, String createdMarker, String what) {
        Path abs = dir.toAbsolutePath().normalize();
        boolean created = !Files.isDirectory(abs);
        FileChannel ch = null;
        try {
            Files.createDirectories(abs);
            if (created) {
                try {
                    Files.createFile(abs.resolve(createdMarker));
                } catch (FileAlreadyExistsException raced) {
                    // another run created the directory at the same moment; the lock decides who proceeds
                }
            }
            ch = FileChannel.open(abs.resolve(lockName), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very JVM
            }
            if (l == null) {
                ch.close();
                throw new InvalidInputException(what + " " + abs + " is in use by another run (its lock file "
                        + abs.resolve(lockName) + " is held); wait for that run or choose another directory");
            }
            return new RunDirectory(abs, lockName, createdMarker, ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InvalidInputException("cannot use " + what + " " + abs + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Replaces {@code name} by {@code bytes}: a temporary file forced to disk, renamed over it, the directory forced. */
    public void writeDurably(String name, byte[] bytes) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    /** Makes renames and new files in the directory durable (a no-op where the file system refuses). */
    public void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or force a directory; the rename is then as durable as they make it.
        }
    }

    /**
     * Releases the lock and deletes the lock file, then the directory itself when a run of ours created it and
     * nothing else is left in it. The caller deletes its own files first.
     */
    public void removeLockAndDirectory() throws IOException {
        releaseLock();
        Files.deleteIfExists(dir.resolve(lockName));
        if (Files.deleteIfExists(dir.resolve(createdMarker))) {
            try (var rest = Files.newDirectoryStream(dir)) {
                if (!rest.iterator().hasNext()) {
                    Files.deleteIfExists(dir);
                }
            }
        }
    }

    private void releaseLock() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(lockChannel);
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        releaseLock();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to lose on a lock file
            }
        }
    }
}
