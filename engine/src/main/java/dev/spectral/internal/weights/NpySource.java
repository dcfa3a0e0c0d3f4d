package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.ModelSource;
import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/** A single .npy file: one tensor named after the file. */
public final class NpySource implements ModelSource {
    private final Path path;
    private final NpyFormat.Header header;

    private NpySource(Path path, NpyFormat.Header header) {
        this.path = path;
        this.header = header;
    }

    public static NpySource open(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.npy$", "");
        long size = MappedFiles.size(file);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = MappedFiles.whole(file, arena);
            return new NpySource(file, NpyFormat.parse(seg, 0, size, name, file.toString()));
        }
    }

    @Override
    public String format() {
        return "npy";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return List.of(header.info());
    }

    @Override
    public TensorData open(TensorInfo tensor) {
        if (!tensor.name().equals(header.info().name())) {
            throw new InvalidInputException(path + ": no tensor named " + tensor.name());
        }
        return openEntry(header, path, 0, path.toString());
    }

    /** Opens a .npy payload that starts at {@code base} in {@code file}; shared with the .npz reader. */
    static TensorData openEntry(NpyFormat.Header h, Path file, long base, String source) {
        TensorInfo info = h.info();
        if (!info.dtype().isReadable()) {
            throw new InvalidInputException(source + ": dtype " + info.dtypeName() + " is not a floating-point type");
        }
        if (h.fortranOrder() && info.rank() > 2) {
            throw new InvalidInputException(source + ": Fortran-order arrays with more than 2 dimensions are not supported");
        }
        if (h.fortranOrder() && info.rank() == 2) {
            TensorInfo transposed = new TensorInfo(info.name(), new long[] {info.dimension(1), info.dimension(0)},
                    info.dtype(), info.dtypeName());
            return new FortranOrderTensorData(info,
                    MappedFiles.tensor(transposed, file, base + h.dataOffset(), h.dataBytes(), h.order()));
        }
        return MappedFiles.tensor(info, file, base + h.dataOffset(), h.dataBytes(), h.order());
    }

    @Override
    public void close() {
        // Nothing is held open between tensors.
    }
}
