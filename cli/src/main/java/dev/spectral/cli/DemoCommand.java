package dev.spectral.cli;

import dev.spectral.Backends;
import dev.spectral.estimate.DensityMethod;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.estimate.SpectralDensity;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import dev.spectral.io.Idx;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code spectral demo}: the main job on an embedded default. An RBF kernel on Fashion-MNIST images, its spectrum and
 * its exact log-determinant (checked against the sum of log-eigenvalues), beside the SLQ estimate with its error, and
 * the SLQ spectral density.
 */
@Command(name = "demo", description = {"Kernel matrix of Fashion-MNIST images: spectrum summary, exact log-determinant, spectrum plot.",
        "Uses Debian's dataset-fashion-mnist (make deps installs it)."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "3000", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--nugget", defaultValue = "1e-3", description = "Added to the diagonal (default: ${DEFAULT-VALUE}).")
    double nugget;

    @Option(names = "--plot", defaultValue = "spectral-demo.png", paramLabel = "FILE", description = "Spectrum plot (PNG; default: ${DEFAULT-VALUE}).")
    Path plot;

    @Option(names = "--density-plot", defaultValue = "spectral-demo-density.png", paramLabel = "FILE",
            description = "SLQ spectral density plot (PNG; default: ${DEFAULT-VALUE}).")
    Path densityPlot;

    record Step(String name, double seconds) {}

    record DemoResult(int n, int dimension, String kernel, double lengthscale, double nugget, double lambdaMax,
            double lambdaMin, double conditionNumber, int eigenvaluesAbove1, int eigenvaluesAboveOnePercentOfMax,
            double logdet, int sign, double logdetFromEigenvalues, double slqLogdet, double slqStderr, double[] slqCi,
            int slqProbes, long slqMatvecs, double slqRelativeError, double exactLogdetSeconds, double slqSeconds,
            String plot, String densityPlot, String backend, String device, java.util.List<Step> steps, double seconds) {}

    @Override
    public Integer call() {
        Timer total = new Timer();
        PrintWriter w = spec.commandLine().getOut();
        java.util.List<Step> steps = new java.util.ArrayList<>();
        try (Progress progress = Progress.start(common, "demo", 7)) {
            Timer t = new Timer();
            Points x = Idx.readImages(Idx.FASHION_MNIST_TRAIN, n);
            double ls = Lengthscales.medianDistance(x, 1000, 42L);
            Kernel k = new Kernel.Rbf(ls);
            steps.add(new Step("load " + n + " images", t.seconds()));
            progress.step("kernel");

            t = new Timer();
            DenseMatrix km = KernelMatrix.dense(x, k, nugget);
            steps.add(new Step("kernel matrix (GEMM + exp)", t.seconds()));
            progress.step("eigenvalues");

            double[] ev;
            LogDet ld;
            String backendName;
            String device;
            try (DenseBackend b = Backends.open(common.backend)) {
                t = new Timer();
                ev = b.eigh(km, EigenSelection.all(), false).values();
                steps.add(new Step("all eigenvalues (dsyevd)", t.seconds()));
                progress.step("log-determinant");

                t = new Timer();
                ld = b.logdet(km, Factorization.CHOLESKY);
                steps.add(new Step("log-determinant (Cholesky)", t.seconds()));
                progress.step("plot");
                backendName = b.name();
                device = b.device();
            }
            t = new Timer();
            LinearOperator op = Operators.dense(km);
            Estimate slq = Estimators.logdet(op, new Method.Slq(SlqOptions.defaults()));
            double slqSeconds = t.seconds();
            steps.add(new Step("log-determinant (SLQ)", slqSeconds));
            progress.step("density");

            t = new Timer();
            SpectralDensity density = Estimators.density(op, DensityMethod.slq());
            Plots.density(densityPlot, String.format(Locale.ROOT, "SLQ spectral density, RBF kernel of %d Fashion-MNIST images", n),
                    density.grid(), density.density(), "slq");
            steps.add(new Step("spectral density (SLQ) + plot", t.seconds()));
            progress.step("plot");

            t = new Timer();
            Plots.spectrum(plot, String.format(Locale.ROOT, "RBF kernel of %d Fashion-MNIST images (lengthscale %.3g, nugget %.1g)", n, ls, nugget), ev);
            steps.add(new Step("plot", t.seconds()));
            progress.step("done");

            double sumLog = 0;
            int above1 = 0;
            int aboveRel = 0;
            double max = ev[ev.length - 1];
            for (double v : ev) {
                sumLog += Math.log(v);
                above1 += v > 1 ? 1 : 0;
                aboveRel += v > 0.01 * max ? 1 : 0;
            }
            double exactSeconds = steps.stream().filter(s -> s.name().startsWith("log-determinant (Cholesky")).mapToDouble(Step::seconds).sum();
            DemoResult r = new DemoResult(n, x.dimension(), k.name(), ls, nugget, max, ev[0], max / ev[0], above1, aboveRel,
                    ld.logAbsDet(), ld.sign(), sumLog, slq.value(), slq.standardError(),
                    new double[] {slq.interval().low(), slq.interval().high()}, slq.probes(), slq.matvecs(),
                    slq.relativeError(ld.logAbsDet()), exactSeconds, slqSeconds, plot.toString(), densityPlot.toString(),
                    backendName, device, steps, total.seconds());
            progress.close();
            if (common.json) {
                Output.json(w, r);
                return ExitCodes.OK;
            }
            print(w, r);
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter w, DemoResult r) {
        w.printf(Locale.ROOT, "RBF kernel on the first %d Fashion-MNIST training images (%d pixels in [0,1])%n", r.n(), r.dimension());
        w.printf(Locale.ROOT, "lengthscale %.4f (median pairwise distance of 1000 sampled images), nugget %.1g%n%n", r.lengthscale(), r.nugget());
        Output.table(w, new String[][] {
                {"largest eigenvalue", Output.num(r.lambdaMax())},
                {"smallest eigenvalue", Output.num(r.lambdaMin())},
                {"condition number", Output.num(r.conditionNumber())},
                {"eigenvalues > 1", String.valueOf(r.eigenvaluesAbove1())},
                {"eigenvalues > 1% of largest", String.valueOf(r.eigenvaluesAboveOnePercentOfMax())},
                {"log det K (Cholesky)", Output.num(r.logdet())},
                {"sum of log eigenvalues", Output.num(r.logdetFromEigenvalues())},
                {"relative difference", Output.num(Math.abs(r.logdet() - r.logdetFromEigenvalues()) / Math.abs(r.logdet()))},
                {"log det K (SLQ)", Output.num(r.slqLogdet()) + " ± " + Output.num(r.slqStderr()) + " (std error; "
                        + r.slqProbes() + " probes, " + r.slqMatvecs() + " matrix-vector products)"},
                {"SLQ 95% interval", "[" + Output.num(r.slqCi()[0]) + ", " + Output.num(r.slqCi()[1]) + "]"
                        + (r.slqCi()[0] <= r.logdet() && r.logdet() <= r.slqCi()[1] ? " contains the exact value" : " misses the exact value")},
                {"SLQ relative error", Output.num(r.slqRelativeError())},
                {"time exact vs SLQ", Output.seconds(r.exactLogdetSeconds()) + " vs " + Output.seconds(r.slqSeconds())},
                {"backend", r.backend() + ", " + r.device()},
                {"spectrum plot", r.plot()},
                {"density plot", r.densityPlot()}});
        w.println();
        for (Step s : r.steps()) {
            w.printf(Locale.ROOT, "  %-32s %8.3f s%n", s.name(), s.seconds());
        }
        w.printf(Locale.ROOT, "  %-32s %8.3f s%n", "total", r.seconds());
    }
}
