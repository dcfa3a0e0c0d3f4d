package dev.spectral.cli;

import dev.spectral.estimate.DiagMethod;
import dev.spectral.estimate.DiagonalEstimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.io.Npy;
import dev.spectral.operator.LinearOperator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral diag}: the diagonal of A from matrix-vector products. */
@Command(name = "diag", description = "The diagonal of A estimated from --budget matrix-vector products (hutchinson, xdiag), or exactly (n products).")
final class DiagCommand implements Callable<Integer> {
    enum MethodName { HUTCHINSON, XDIAG, EXACT }

    @Mixin
    CommonOptions common;

    @Mixin
    OperatorInput input;

    @Spec
    CommandSpec spec;

    @Option(names = "--method", defaultValue = "xdiag", paramLabel = "hutchinson|xdiag|exact", description = "Default: ${DEFAULT-VALUE}.")
    MethodName method;

    @Option(names = "--budget", defaultValue = "100", paramLabel = "M", description = "Matrix-vector products (default ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the engine's fixed default seed).")
    Long seed;

    @Option(names = "--out", paramLabel = "d.npy", description = "Write the diagonal estimate to this .npy file instead of printing it.")
    Path out;

    @Option(names = "--stderr-out", paramLabel = "e.npy", description = "Write the per-entry standard errors to this .npy file.")
    Path stderrOut;

    record DiagResult(double[] diagonal, double[] stderr, String out, double errorNorm, int probes, long matvecs,
            String method, int n, String operator, double seconds) {}

    @Override
    public Integer call() {
        Timer t = new Timer();
        LinearOperator op = input.operator();
        long s = seed != null ? seed : dev.spectral.estimate.SlqOptions.DEFAULT_SEED;
        DiagMethod m = switch (method) {
            case HUTCHINSON -> new DiagMethod.Hutchinson(budget, s);
            case XDIAG -> new DiagMethod.XDiag(budget, s);
            case EXACT -> new DiagMethod.Exact();
        };
        DiagonalEstimate d;
        try (Progress p = Progress.spinner(common, method.name().toLowerCase(Locale.ROOT))) {
            d = Estimators.diagonal(op, m);
        }
        if (out != null) {
            Npy.writeVector(out, d.values());
        }
        if (stderrOut != null) {
            Npy.writeVector(stderrOut, d.standardErrors());
        }
        DiagResult r = new DiagResult(out == null ? d.values() : null, out == null ? d.standardErrors() : null,
                out == null ? null : out.toString(), d.errorNorm(), d.probes(), d.matvecs(),
                method.name().toLowerCase(Locale.ROOT), op.rows(), input.describe, t.seconds());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"matrix", input.describe},
                {"method", r.method() + ", " + r.matvecs() + " matrix-vector products"},
                {"estimated error norm", Output.num(r.errorNorm())},
                {"time", Output.seconds(r.seconds())}});
        if (out != null) {
            w.println("diagonal written to " + out);
        } else {
            w.println();
            for (int i = 0; i < d.values().length; i++) {
                w.printf(Locale.ROOT, "%8d  %s  ± %s%n", i, Output.num(d.values()[i]), Output.num(d.standardErrors()[i]));
            }
        }
        return ExitCodes.OK;
    }
}
