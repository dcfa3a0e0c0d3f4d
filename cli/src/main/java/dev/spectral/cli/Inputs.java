package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.io.MatrixMarket;
import dev.spectral.io.Npy;
import dev.spectral.io.Npz;
import dev.spectral.matrix.DenseMatrix;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a dense matrix from a file chosen by its extension: .npy, .npz (first array, or file.npz:name), .mtx. */
final class Inputs {
    private Inputs() {}

    static DenseMatrix denseMatrix(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(".npz:");
        if (colon >= 0) {
            return Npz.read(Path.of(spec.substring(0, colon + 4)), spec.substring(colon + 5));
        }
        Path p = Path.of(spec);
        if (lower.endsWith(".npy")) {
            return Npy.read(p);
        }
        if (lower.endsWith(".npz")) {
            return Npz.read(p);
        }
        if (lower.endsWith(".mtx") || lower.endsWith(".mtx.gz")) {
            return MatrixMarket.readDense(p);
        }
        throw new InvalidInputException(spec + ": unknown matrix format (expected .npy, .npz or .mtx)");
    }
}
