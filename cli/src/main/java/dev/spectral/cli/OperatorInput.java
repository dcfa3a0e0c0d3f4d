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
                return Operators.sparse(csr);
            }
            var dense = Inputs.denseMatrix(input);
            describe = input + " (dense " + dense.rows() + " x " + dense.cols() + ")";
            return Operators.dense(dense);
        }
        Points x = data.points();
        Kernel k = data.kernel(x);
        Double ls = KernelCommand.lengthscale(k);
        describe = String.format(Locale.ROOT, "%s kernel of %s (%d points, dimension %d%s, nugget %.3g; matrix-free)",
                k.name(), data.data, x.size(), x.dimension(), ls == null ? "" : String.format(Locale.ROOT, ", lengthscale %.4g", ls),
                data.nugget);
        return Operators.kernel(x, k, data.nugget);
    }
}
