package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.TensorInfo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Memory-mapping of file regions with one-line errors. */
final class MappedFiles {
    private MappedFiles() {}

    /** Maps [offset, offset + length) of a file read-only for one tensor; closing the result unmaps it. */
    static SegmentTensorData tensor(TensorInfo info, Path file, long offset, long length, ByteOrder order) {
        long size = size(file);
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new InvalidInputException(file + ": tensor " + info.name() + " needs bytes " + offset + " to "
                    + (offset + length) + " but the file has " + size + " (truncated?)");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = length == 0 ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, offset, length, arena);
            return new SegmentTensorData(info, seg, order, arena);
        } catch (IOException e) {
            arena.close();
            throw new InvalidInputException(file + ": cannot map tensor " + info.name() + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
            throw e;
        }
    }

    /** Maps a whole file read-only into the given arena. */
    static MemorySegment whole(Path file, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return size == 0 ? MemorySegment.ofArray(new byte[0]) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static long size(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the first {@code n} bytes (fewer if the file is shorter). */
    static byte[] head(Path file, int n) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
