package dev.spectral.cli;

import dev.spectral.Backends;
import dev.spectral.io.Npy;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral svd}: singular values (and optionally vectors) of any matrix. */
@Command(name = "svd", description = "Singular values (descending) of any matrix (dgesdd), optionally only the top K and the singular vectors.")
final class SvdCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "A.npy", description = "Matrix (.npy, .npz, .mtx).")
    String input;

    @Option(names = "--top", paramLabel = "K", description = "Only the K largest singular values.")
    Integer top;

    @Option(names = "--out", paramLabel = "s.npy", description = "Write the singular values to this .npy file instead of printing them.")
    Path out;

    @Option(names = "--u", paramLabel = "U.npy", description = "Write the left singular vectors (m x k).")
    Path u;

    @Option(names = "--vt", paramLabel = "Vt.npy", description = "Write the right singular vectors transposed (k x n).")
    Path vt;

    record SvdResult(double[] singularValues, String out, String u, String vt, int m, int n, int count,
            String backend, String device, double seconds) {}

    @Override
    public Integer call() {
        SvdSelection sel = top == null ? SvdSelection.all() : SvdSelection.top(top);
        Timer t = new Timer();
        DenseMatrix a = Inputs.denseMatrix(input);
        boolean vectors = u != null || vt != null;
        Svd s;
        String backendName;
        String device;
        try (DenseBackend b = Backends.open(common.backend)) {
            s = b.svd(a, sel, vectors);
            backendName = b.name();
            device = b.device();
        }
        if (u != null) {
            Npy.write(u, s.u());
        }
        if (vt != null) {
            Npy.write(vt, s.vt());
        }
        if (out != null) {
            Npy.writeVector(out, s.singularValues());
        }
        double seconds = t.seconds();
        SvdResult r = new SvdResult(out == null ? s.singularValues() : null, out == null ? null : out.toString(),
                u == null ? null : u.toString(), vt == null ? null : vt.toString(), a.rows(), a.cols(),
                s.singularValues().length, backendName, device, seconds);
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"matrix", input + " (" + a.rows() + " x " + a.cols() + ")"},
                {"singular values", String.valueOf(r.count())},
                {"backend", backendName + ", " + device},
                {"time", Output.seconds(seconds)}});
        if (out != null) {
            w.println("singular values written to " + out);
        } else {
            w.println();
            double[] v = s.singularValues();
            for (int i = 0; i < v.length; i++) {
                w.printf("%6d  %s%n", i + 1, Output.num(v[i]));
            }
        }
        return ExitCodes.OK;
    }
}
