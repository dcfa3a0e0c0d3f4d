package dev.spectral.cli;

import dev.spectral.io.Npy;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.matrix.DenseMatrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral kernel}: writes a kernel matrix built from points. */
@Command(name = "kernel", description = "Build the kernel matrix K_ij = k(x_i, x_j) + nugget·δ_ij of a point set and write it as .npy.")
final class KernelCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions dataOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "K.npy", description = "Where to write the kernel matrix.")
    Path out;

    record KernelResult(String out, int n, int dimension, String kernel, Double lengthscale, double nugget, double seconds) {}

    @Override
    public Integer call() {
        Timer t = new Timer();
        Points x = dataOptions.points();
        Kernel k = dataOptions.kernel(x);
        DenseMatrix km = KernelMatrix.dense(x, k, dataOptions.nugget);
        Npy.write(out, km);
        Double ls = lengthscale(k);
        KernelResult r = new KernelResult(out.toString(), x.size(), x.dimension(), k.name(), ls, dataOptions.nugget, t.seconds());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"points", x.size() + " in " + x.dimension() + " dimensions (" + dataOptions.data + ")"},
                {"kernel", k.name() + (ls == null ? "" : ", lengthscale " + Output.num(ls)) + ", nugget " + Output.num(dataOptions.nugget)},
                {"written", out + " (" + x.size() + " x " + x.size() + " float64)"},
                {"time", Output.seconds(r.seconds())}});
        return ExitCodes.OK;
    }

    /** The lengthscale of a stationary kernel, null for kernels without one. */
    static Double lengthscale(Kernel k) {
        return switch (k) {
            case Kernel.Rbf rbf -> rbf.lengthscale();
            case Kernel.Matern m -> m.lengthscale();
            default -> null;
        };
    }
}
