package dev.spectral.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.SpectralException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    /** Writes well past the 64 KiB buffer, so the temporary file really holds data, then fails. */
    private static AtomicFiles.Writer failingAfterData(Exception failure) {
        return out -> {
            out.write(new byte[200_000]);
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        };
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("sub/dir/out.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        assertEquals(List.of(f), files(f.getParent()));
    }

    @Test
    void ioFailureMidwayLeavesNothing() throws IOException {
        Path f = dir.resolve("out.bin");
        SpectralException e = assertThrows(SpectralException.class,
                () -> AtomicFiles.write(f, failingAfterData(new IOException("disk full"))));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals(List.of(), files(dir), "neither the target nor a temporary file");
    }

    @Test
    void runtimeFailureMidwayLeavesNothingAndPropagates() throws IOException {
        Path f = dir.resolve("out.bin");
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, failingAfterData(boom))));
        assertEquals(List.of(), files(dir));
    }

    @Test
    void existingTargetSurvivesFailedOverwrite() throws IOException {
        Path f = dir.resolve("keep.txt");
        AtomicFiles.writeString(f, "original");
        assertThrows(SpectralException.class, () -> AtomicFiles.write(f, failingAfterData(new IOException("fail"))));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, failingAfterData(new IllegalStateException())));
        assertEquals("original", Files.readString(f));
        assertEquals(List.of(f), files(dir));
    }

    @Test
    void resultHasOrdinaryPermissions() throws IOException {
        Assumptions.assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "not a POSIX file system");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic),
                "the umask's permissions, not a temporary file's owner-only ones");
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
