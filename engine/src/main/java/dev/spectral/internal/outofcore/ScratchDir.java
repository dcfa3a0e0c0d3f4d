package dev.spectral.internal.outofcore;

import dev.spectral.SpectralException;
import dev.spectral.internal.io.RunDirectory;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    private final RunDirectory run;
    private final Path dir;

    private ScratchDir(RunDirectory run) {
        this.run = run;
        this.dir = run.dir();
    }

    /** Creates the directory if needed and takes its lock, or refuses when another run holds it. */
    static ScratchDir open(Path dir) {
        return new ScratchDir(RunDirectory.open(dir, LOCK, CREATED, "scratch directory"));
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
        run.writeDurably(STATE, bytes);
    }

    /** Makes renames and new files in the directory durable (a no-op where the file system refuses). */
    void forceDirectory() {
        run.forceDirectory();
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
            run.removeLockAndDirectory();
        } catch (IOException e) {
            throw new SpectralException("cannot remove scratch directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        run.close();
    }

    static String crcHex(String s) {
        CRC32C c = new CRC32C();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }
}
