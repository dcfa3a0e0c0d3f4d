package dev.spectral.internal.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The scratch directory of one run: an exclusive lock (so two runs never share it), the state file that commits
 * finished block columns (written to a temporary file, forced to disk, renamed over the old one, and the directory
 * forced, so a crash leaves either the old or the new state), and one file per finished block column.
 */
final class ScratchDir implements AutoCloseable {
    static final String STATE = "ooc-state.txt";
    static final String LOCK = "ooc.lock";
    static final String PANEL_PREFIX = "ooc-panel-";
    /** Present when a run of ours created the directory, so that cleaning up may remove the directory too. */
    static final String CREATED = "ooc-created-dir";

    /** What the state file records. */
    record State(String fingerprint, Factorization kind, int n, int blockSize, int committed) {}

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private ScratchDir(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and takes its lock, or refuses when another run holds it. */
    static ScratchDir open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        boolean created = !Files.isDirectory(abs);
        FileChannel ch = null;
        try {
            Files.createDirectories(abs);
            if (created) {
                try {
                    Files.createFile(abs.resolve(CREATED));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another run created the directory at the same moment; the lock decides who proceeds
                }
            }
            ch = FileChannel.open(abs.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very JVM
            }
            if (l == null) {
                ch.close();
                throw new InvalidInputException("scratch directory " + abs + " is in use by another run (its lock file "
                        + abs.resolve(LOCK) + " is held); wait for that run or choose another scratch directory");
            }
            return new ScratchDir(abs, ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new InvalidInputException("cannot use scratch directory " + abs + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    Path panel(int column) {
        return dir.resolve(String.format("%s%06d.bin", PANEL_PREFIX, column));
    }

    Path stateFile() {
        return dir.resolve(STATE);
    }

    Optional<State> readState() {
        Path file = stateFile();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ScratchCorruptedException(file, "cannot be read (" + e.getMessage() + ")");
        }
        String[] lines = text.split("\n");
        if (lines.length != 7 || !lines[0].equals("spectral-ooc 1")) {
            throw new ScratchCorruptedException(file, "is not a state file of this version");
        }
        String body = String.join("\n", java.util.Arrays.copyOf(lines, 6)) + "\n";
        if (!lines[6].equals("crc " + crcHex(body))) {
            throw new ScratchCorruptedException(file, "fails its checksum");
        }
        try {
            return Optional.of(new State(value(lines[1], "fingerprint"), Factorization.valueOf(value(lines[2], "factorization")),
                    Integer.parseInt(value(lines[3], "n")), Integer.parseInt(value(lines[4], "block")),
                    Integer.parseInt(value(lines[5], "committed"))));
        } catch (IllegalArgumentException e) {
            throw new ScratchCorruptedException(file, "has a malformed field (" + e.getMessage() + ")");
        }
    }

    private static String value(String line, String key) {
        if (!line.startsWith(key + " ")) {
            throw new IllegalArgumentException("expected " + key);
        }
        return line.substring(key.length() + 1);
    }

    /** Writes the state atomically and durably. */
    void writeState(State s) throws IOException {
        String body = "spectral-ooc 1\n" + "fingerprint " + s.fingerprint().replace('\n', ' ') + "\n" + "factorization "
                + s.kind() + "\n" + "n " + s.n() + "\n" + "block " + s.blockSize() + "\n" + "committed " + s.committed()
                + "\n";
        byte[] bytes = (body + "crc " + crcHex(body) + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = dir.resolve(STATE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateFile(), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    /** Makes renames and new files in the directory durable (a no-op where the file system refuses). */
    void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or force a directory; the rename is then as durable as they make it.
        }
    }

    /** Deletes panel files of columns >= from (left by a run that crashed before committing them). */
    void deletePanelsFrom(int from) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PANEL_PREFIX + "*.bin")) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                int col = Integer.parseInt(name.substring(PANEL_PREFIX.length(), name.length() - 4));
                if (col >= from) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new SpectralException("cannot clean scratch directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes every file of ours (after success) and the directory itself when a run of ours created it and it is empty. */
    void removeAll() {
        deletePanelsFrom(0);
        try {
            Files.deleteIfExists(stateFile());
            Files.deleteIfExists(dir.resolve(STATE + ".tmp"));
            releaseLock();
            Files.deleteIfExists(dir.resolve(LOCK));
            if (Files.deleteIfExists(dir.resolve(CREATED))) {
                try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
                    if (!rest.iterator().hasNext()) {
                        Files.deleteIfExists(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new SpectralException("cannot remove scratch directory " + dir + ": " + e.getMessage(), e);
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

    @Override
    public void close() {
        releaseLock();
    }

    static String crcHex(String s) {
        CRC32C c = new CRC32C();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
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
