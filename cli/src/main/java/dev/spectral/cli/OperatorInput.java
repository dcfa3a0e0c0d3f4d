package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.io.MatrixMarket;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The matrix of an estimator command: {@code --input} (dense .npy/.npz, or sparse .mtx kept in CSR form) or
 * {@code --data ... --kernel ...} (a kernel matrix generated tile by tile on the fly, never formed).
 */
final class OperatorInput {
    @Option(names = "--input", paramLabel = "A.npy|A.mtx",
            description = "Matrix: dense .npy/.npz, or sparse MatrixMarket .mtx (kept sparse).")
    String input;

    @Mixin
    DataOptions data;

    @Option(names = "--assume-psd", description = "Declare the --input matrix positive semidefinite (needed by xnystrace; kernels are PSD already).")
    boolean assumePsd;

    /** What the operator is, for output. */
    String describe;

    /**
     * What the operator's numbers are, for checkpoints: the kernel and a checksum of its points, or of the file;
     * computed only when a checkpoint asks (a checksum reads all the data).
     */
    private java.util.function.Supplier<String> identity;

    LinearOperator operator() {
        LinearOperator op = build();
        return assumePsd ? Operators.assumePositiveSemidefinite(op) : op;
    }

    private LinearOperator build() {
        if ((input == null) == !data.present()) {
            throw new InvalidInputException("give exactly one of --input FILE or --data ... --kernel ...");
        }
        if (input != null) {
            String lower = input.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".mtx") || lower.endsWith(".mtx.gz")) {
                var csr = MatrixMarket.read(java.nio.file.Path.of(input));
                describe = input + " (sparse " + csr.rows() + " x " + csr.cols() + ", " + csr.nonZeros() + " nonzeros)";
                identity = () -> fileIdentity(input);
                return Operators.sparse(csr);
            }
            var dense = Inputs.denseMatrix(input);
            describe = input + " (dense " + dense.rows() + " x " + dense.cols() + ")";
            identity = () -> fileIdentity(input);
            return Operators.dense(dense);
        }
        Points x = data.points();
        Kernel k = data.kernel(x);
        Double ls = KernelCommand.lengthscale(k);
        describe = String.format(Locale.ROOT, "%s kernel of %s (%d points, dimension %d%s, nugget %.3g; matrix-free)",
                k.name(), data.data, x.size(), x.dimension(), ls == null ? "" : String.format(Locale.ROOT, ", lengthscale %.4g", ls),
                data.nugget);
        identity = () -> dev.spectral.outofcore.TileSource.kernel(x, k, data.nugget).identity();
        return Operators.kernel(x, k, data.nugget);
    }

    /** The identity of the operator built by {@link #operator()} (call that first). */
    String identity() {
        if (identity == null) {
            throw new IllegalStateException("operator() has not been called");
        }
        return (assumePsd ? "psd " : "") + identity.get();
    }

    private static String fileIdentity(String file) {
        java.nio.file.Path path = java.nio.file.Path.of(file);
        var crc = new java.util.zip.CRC32C();
        try (var in = java.nio.file.Files.newInputStream(path)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                crc.update(buf, 0, r);
            }
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
        return "file " + path.getFileName() + ";crc32c=" + Long.toHexString(crc.getValue());
    }
}
