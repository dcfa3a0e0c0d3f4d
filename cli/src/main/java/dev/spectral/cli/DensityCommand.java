package dev.spectral.cli;

import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.SpectralDensity;
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

/** {@code spectral density}: the eigenvalue density of a symmetric matrix from matrix-vector products. */
@Command(name = "density", description = {"Eigenvalue density of a symmetric matrix from matrix-vector products:",
        "slq (Gauss quadrature of Lanczos runs, Gaussian broadening) or kpm (Chebyshev moments, Jackson damping).",
        "The density integrates to 1; multiply by n for eigenvalues per unit."})
final class DensityCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    OperatorInput input;

    @Mixin
    DensityOptions density;

    @Spec
    CommandSpec spec;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write x,density,count_density rows.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot the density (PNG, log-scaled density).")
    Path plot;

    record DensityResult(double[] grid, double[] density, double integral, double lower, double upper, int n, int probes,
            long matvecs, String method, String settings, String operator, String csv, String plot, double seconds) {}

    @Override
    public Integer call() {
        Timer t = new Timer();
        LinearOperator op = input.operator();
        SpectralDensity d;
        try (Progress p = Progress.spinner(common, "density")) {
            d = Estimators.density(op, density.toMethod());
        }
        if (csv != null) {
            d.writeCsv(csv);
        }
        if (plot != null) {
            Plots.density(plot, "Spectral density of " + input.describe, d.grid(), d.density(),
                    density.method.name().toLowerCase(Locale.ROOT));
        }
        boolean inline = csv == null;
        DensityResult r = new DensityResult(inline ? d.grid() : null, inline ? d.density() : null, d.integral(), d.lower(),
                d.upper(), d.order(), d.probes(), d.matvecs(), d.solver().method(), d.solver().settings(), input.describe,
                csv == null ? null : csv.toString(), plot == null ? null : plot.toString(), t.seconds());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"matrix", input.describe},
                {"method", r.method() + " (" + r.settings() + ")"},
                {"spectral bounds", "[" + Output.num(r.lower()) + ", " + Output.num(r.upper()) + "]"},
                {"integral", Output.num(r.integral())},
                {"matrix-vector products", String.valueOf(r.matvecs())},
                {"csv", csv == null ? "-" : csv.toString()},
                {"plot", plot == null ? "-" : plot.toString()},
                {"time", Output.seconds(r.seconds())}});
        if (csv == null && plot == null) {
            w.println("(give --csv FILE or --plot FILE.png for the density itself)");
        }
        return ExitCodes.OK;
    }
}
