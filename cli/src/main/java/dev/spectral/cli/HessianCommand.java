package dev.spectral.cli;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Method;
import dev.spectral.flodance.Flodance;
import dev.spectral.flodance.FlodanceModel;
import dev.spectral.flodance.FlodanceOptions;
import dev.spectral.flodance.Prediction;
import dev.spectral.io.Npy;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.nn.Activation;
import dev.spectral.nn.CurvatureAnalysis;
import dev.spectral.nn.Dataset;
import dev.spectral.nn.EmpiricalNtk;
import dev.spectral.nn.GaussNewtonOperator;
import dev.spectral.nn.HessianOperator;
import dev.spectral.nn.Loss;
import dev.spectral.nn.Mlp;
import dev.spectral.nn.Optimizer;
import dev.spectral.nn.Trainer;
import dev.spectral.operator.LinearOperator;
import dev.spectral.outofcore.LeadingLogdets;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spectral hessian}: trains a fully-connected network on Fashion-MNIST, then analyzes the curvature of its
 * loss (Hessian and Gauss-Newton: top eigenvalues, trace, spectral density) at initialization and after training,
 * and the log-determinant of its empirical NTK on the first training images.
 */
@Command(name = "hessian", description = {
        "Loss-landscape curvature of a fully-connected network on Fashion-MNIST (as PyHessian reports it):",
        "top-k eigenvalues (Lanczos), trace (Hutch++) and spectral density (SLQ, log-scaled plot) of the exact",
        "Hessian (R-operator products) and of the Gauss-Newton matrix, at initialization and after training;",
        "then the log-determinant of the empirical NTK J Jᵀ on the first images (Cholesky, SLQ, FLODANCE)."})
final class HessianCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--hidden", split = ",", defaultValue = "128", paramLabel = "W[,W...]",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "relu|tanh|gelu",
            description = "Activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    enum LossName { CROSS_ENTROPY, SQUARED }

    @Option(names = "--loss", defaultValue = "cross_entropy", paramLabel = "cross_entropy|squared",
            description = "Loss (default: ${DEFAULT-VALUE}).")
    LossName lossName;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd", description = "Optimizer (default: ${DEFAULT-VALUE}).")
    Optimizer optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 1e-3 for Adam, 0.05 for SGD).")
    Double learningRate;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "3", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train", defaultValue = "60000", paramLabel = "N", description = "Training images (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", defaultValue = "10000", paramLabel = "N", description = "Test images for the accuracy (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--hessian-examples", defaultValue = "1000", paramLabel = "N",
            description = "Training images the Hessian and Gauss-Newton matrices are taken over (default: ${DEFAULT-VALUE}).")
    int hessianExamples;

    @Option(names = "--top-k", defaultValue = "20", paramLabel = "K", description = "Top eigenvalues (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--trace-budget", defaultValue = "100", paramLabel = "M", description = "Hutch++ products (default: ${DEFAULT-VALUE}).")
    int traceBudget;

    @Option(names = "--probes", defaultValue = "5", paramLabel = "P", description = "SLQ density probes (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--degree", defaultValue = "80", paramLabel = "D", description = "SLQ density Lanczos steps (default: ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--ntk-examples", defaultValue = "200", paramLabel = "N",
            description = "Images of the empirical NTK (order N·10; 0 to skip; default: ${DEFAULT-VALUE}).")
    int ntkExamples;

    @Option(names = "--ntk-nugget", defaultValue = "0", paramLabel = "T",
            description = "Add T·I to the NTK before its log-determinant (default: ${DEFAULT-VALUE}).")
    double ntkNugget;

    @Option(names = "--no-init", description = "Skip the analysis at initialization.")
    boolean noInit;

    @Option(names = "--load-weights", paramLabel = "FILE.npy", description = "Start from these parameters and skip training.")
    Path loadWeights;

    @Option(names = "--save-weights", paramLabel = "FILE.npy", description = "Save the trained parameters.")
    Path saveWeights;

    @Option(names = "--json-out", paramLabel = "FILE.json", description = "Also write the --json result to this file.")
    Path jsonOut;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write density and eigenvalue plots (PNG) into DIR.")
    Path plots;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialization, batches and probes (default: ${DEFAULT-VALUE}).")
    long seed;

    record Training(int examples, int epochs, String optimizer, double learningRate, int batch, double[] epochLoss,
                    double seconds) {}

    record Curvature(String matrix, int dimension, double[] topEigenvalues, double[] residuals, boolean converged,
                     long eigenMatvecs, int outliers, double gapRatio, double trace, double traceStandardError,
                     long traceMatvecs, double densityIntegral, double traceFromDensity,
                     double traceFromDensityStandardError, double sigma, double densityLower, double densityUpper,
                     String plot, String topPlot, double seconds) {}

    record Phase(String phase, double trainLoss, double testAccuracy, Curvature hessian, Curvature gaussNewton) {}

    /** {@code problem} says why the log-determinants are missing (a numerically singular NTK), else null. */
    record Ntk(int examples, int order, double nugget, Double exactLogdet, Double slqLogdet, Double slqStandardError,
               Long slqMatvecs, Double flodanceLogdet, Double flodanceStandardError, Integer flodanceFitExamples,
               double exactSeconds, double slqSeconds, String problem) {}

    record HessianResult(String network, int parameters, String loss, Training training, double testAccuracy,
                         int hessianExamples, List<Phase> phases, Ntk ntk, double seconds) {}

    @Override
    public Integer call() {
        Timer timer = new Timer();
        validate();
        Loss loss = lossName == LossName.SQUARED ? Loss.SQUARED : Loss.SOFTMAX_CROSS_ENTROPY;
        int[] widths = new int[hidden.length + 2];
        widths[0] = 784;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = 10;
        Mlp mlp = Mlp.of(activation, widths);
        if (threads != null) {
            mlp = mlp.withThreads(threads);
        }
        Dataset trainSet = Dataset.fashionMnistTrain(train);
        Dataset testSet = Dataset.fashionMnistTest(test);
        Dataset curvatureSet = trainSet.head(hessianExamples);
        double lr = learningRate != null ? learningRate : optimizer == Optimizer.ADAM ? 1e-3 : 0.05;
        Trainer.Options topts = new Trainer.Options(optimizer, lr, batch, epochs, seed);
        int stepsPerEpoch = (trainSet.size() + batch - 1) / batch;
        long trainSteps = loadWeights == null ? (long) epochs * stepsPerEpoch : 0;
        int phases = noInit ? 1 : 2;
        long analysisUnits = phases * 6L + (ntkExamples > 0 ? 3 : 0);
        long unit = Math.max(1, stepsPerEpoch / 4);
        long total = trainSteps + analysisUnits * unit;
        long[] done = {0};
        double[] init = mlp.initialParameters(seed);
        List<Phase> out = new ArrayList<>();
        Training training;
        double[] theta;
        HessianResult result;
        try (Progress p = Progress.start(common, "hessian", total)) {
            CurvatureAnalysis.Options copts = new CurvatureAnalysis.Options(topK, 1e-6, traceBudget, probes, degree, seed);
            if (!noInit) {
                out.add(phase("initialization", mlp, init, loss, curvatureSet, testSet, copts, p, done, total, unit));
            }
            if (loadWeights != null) {
                theta = Npy.readVector(loadWeights);
                if (theta.length != mlp.parameterCount()) {
                    throw new InvalidInputException(loadWeights + " holds " + theta.length + " parameters, the network "
                            + mlp + " needs " + mlp.parameterCount());
                }
                training = null;
            } else {
                long before = done[0];
                Trainer.Result r = Trainer.train(mlp, init, loss, trainSet, topts, (e, s, steps, bl) -> {
                    done[0] = before + (long) e * steps + s + 1;
                    p.progress(done[0], total, String.format(Locale.ROOT, "epoch %d/%d loss %.4f", e + 1, epochs, bl));
                });
                theta = r.parameters();
                training = new Training(trainSet.size(), epochs, optimizer.name().toLowerCase(Locale.ROOT), lr, batch,
                        r.epochLoss(), r.seconds());
                if (saveWeights != null) {
                    Npy.writeVector(saveWeights, theta);
                }
            }
            out.add(phase("trained", mlp, theta, loss, curvatureSet, testSet, copts, p, done, total, unit));
            Ntk ntk = null;
            if (ntkExamples > 0) {
                try {
                    ntk = ntk(mlp, theta, trainSet.head(ntkExamples), p, done, total, unit);
                } catch (InvalidInputException e) {
                    // a narrow network's NTK can be numerically singular: report why instead of losing the analysis
                    ntk = new Ntk(ntkExamples, ntkExamples * mlp.outputs(), ntkNugget, null, null, null, null, null,
                            null, null, 0, 0, "not positive definite (" + e.getMessage()
                            + "); add a nugget with --ntk-nugget T");
                }
            }
            double acc = out.get(out.size() - 1).testAccuracy();
            result = new HessianResult(mlp.toString(), mlp.parameterCount(),
                    loss.name().toLowerCase(Locale.ROOT), training, acc, curvatureSet.size(), out, ntk, timer.seconds());
        }
        print(result);
        return ExitCodes.OK;
    }

    private void validate() {
        for (int w : hidden) {
            if (w < 1) {
                throw new InvalidInputException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
            }
        }
        if (train < 1 || test < 1 || hessianExamples < 1 || ntkExamples < 0 || epochs < 0 || batch < 1) {
            throw new InvalidInputException("--train, --test, --hessian-examples and --batch must be >= 1, --epochs and --ntk-examples >= 0");
        }
        if (hessianExamples > train) {
            throw new InvalidInputException("--hessian-examples " + hessianExamples + " exceeds --train " + train);
        }
        if (ntkExamples > train) {
            throw new InvalidInputException("--ntk-examples " + ntkExamples + " exceeds --train " + train);
        }
        if (!(ntkNugget >= 0) || !Double.isFinite(ntkNugget)) {
            throw new InvalidInputException("--ntk-nugget must be >= 0, got " + ntkNugget);
        }
        if (plots != null) {
            try {
                Files.createDirectories(plots);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("cannot create the plot directory " + plots + ": " + e.getMessage());
            }
        }
    }

    private Phase phase(String name, Mlp mlp, double[] theta, Loss loss, Dataset data, Dataset testSet,
                        CurvatureAnalysis.Options o, Progress p, long[] done, long total, long unit) {
        HessianOperator h = HessianOperator.of(mlp, theta, loss, data);
        Curvature hc = curvature(name, "hessian", h, o, p, done, total, unit);
        GaussNewtonOperator g = GaussNewtonOperator.of(mlp, theta, loss, data);
        Curvature gc = curvature(name, "gauss-newton", g, o, p, done, total, unit);
        return new Phase(name, h.loss(), mlp.accuracy(theta, testSet), hc, gc);
    }

    private Curvature curvature(String phase, String what, LinearOperator op, CurvatureAnalysis.Options o, Progress p,
                                long[] done, long total, long unit) {
        CurvatureAnalysis.Report r = CurvatureAnalysis.analyze(op, o, stage -> {
            done[0] += unit;
            p.progress(done[0], total, phase + " " + what + " " + stage);
        });
        String plot = null;
        String topPlot = null;
        if (plots != null) {
            String base = what + "-" + (phase.equals("trained") ? "trained" : "init");
            Path f = plots.resolve(base + "-density.png");
            Plots.density(f, (what.equals("hessian") ? "Hessian" : "Gauss-Newton") + " spectral density, " + phase
                    + " (" + op.rows() + " parameters)", r.density().grid(), r.density().density(), "SLQ");
            plot = f.toString();
            Path t = plots.resolve(base + "-top.png");
            Plots.spectrum(t, (what.equals("hessian") ? "Hessian" : "Gauss-Newton") + " top " + r.top().values().length
                    + " eigenvalues, " + phase, reversed(r.top().values()));
            topPlot = t.toString();
        }
        return new Curvature(r.operator(), r.dimension(), r.top().values(), r.top().residuals(), r.top().converged(),
                r.top().matvecs(), r.outliers(), r.gapRatio(), r.trace().value(), r.trace().standardError(),
                r.trace().matvecs(), r.eigenvaluesInDensity(), r.traceFromDensity(), r.traceFromDensityStandardError(),
                r.sigma(), r.density().lower(), r.density().upper(), plot, topPlot, r.seconds());
    }

    private static double[] reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }

    private Ntk ntk(Mlp mlp, double[] theta, Dataset data, Progress p, long[] done, long total, long unit) {
        EmpiricalNtk k = EmpiricalNtk.of(mlp, theta, data);
        LinearOperator op = ntkNugget > 0 ? k.shifted(ntkNugget) : k;
        int order = k.rows();
        Double exact = null;
        double exactSeconds = 0;
        done[0] += unit;
        p.progress(done[0], total, "NTK exact log-determinant");
        if ((long) order * order <= 10_000L * 10_000L) {
            Timer t = new Timer();
            DenseMatrix m = k.dense();
            if (ntkNugget > 0) {
                for (int i = 0; i < order; i++) {
                    m.data()[i + i * order] += ntkNugget;
                }
            }
            LogDet ld = Backends.cpu().logdet(m, Factorization.CHOLESKY);
            exact = ld.logAbsDet();
            exactSeconds = t.seconds();
        }
        done[0] += unit;
        p.progress(done[0], total, "NTK SLQ log-determinant");
        Estimate slq = Estimators.logdet(dev.spectral.operator.Operators.assumePositiveSemidefinite(op), Method.slq());
        done[0] += unit;
        p.progress(done[0], total, "NTK FLODANCE");
        Double fl = null;
        Double flSe = null;
        Integer fitExamples = null;
        int ns = data.size() / 2;
        if (ns >= 20) {
            // leading log-determinants of the NTK of the first half of the images, one per image (stride = outputs)
            EmpiricalNtk half = EmpiricalNtk.of(mlp, theta, data.head(ns));
            Path scratch = null;
            try {
                scratch = Files.createTempDirectory("spectral-ntk");
                OutOfCoreResult r = OutOfCore.factor(half.tiles(ntkNugget), OutOfCoreOptions.of(Factorization.CHOLESKY, 256L << 20)
                        .withScratchDir(scratch.resolve("factor")).withLeadingStride(mlp.outputs()));
                LeadingLogdets lead = r.leading();
                FlodanceModel model = Flodance.fit(lead, FlodanceOptions.defaults());
                Prediction pr = model.predict(order);
                fl = pr.logdet();
                flSe = pr.standardError();
                fitExamples = ns;
            } catch (java.io.IOException e) {
                throw new InvalidInputException("cannot create a scratch directory: " + e.getMessage());
            } finally {
                if (scratch != null) {
                    scratch.toFile().delete();
                }
            }
        }
        return new Ntk(data.size(), order, ntkNugget, exact, slq.value(), slq.standardError(), slq.matvecs(), fl, flSe,
                fitExamples, exactSeconds, slq.seconds(), null);
    }

    private void print(HessianResult r) {
        PrintWriter w = spec.commandLine().getOut();
        if (jsonOut != null) {
            java.io.StringWriter sw = new java.io.StringWriter();
            Output.json(new PrintWriter(sw), r);
            dev.spectral.io.AtomicFiles.writeString(jsonOut, sw.toString());
        }
        if (common.json) {
            Output.json(w, r);
            return;
        }
        w.println(r.network() + ", " + r.loss() + " loss, curvature over " + r.hessianExamples() + " training images");
        if (r.training() != null) {
            w.printf(Locale.ROOT, "training: %d images, %d epochs %s (lr %s, batch %d), %.1f s, epoch losses %s%n",
                    r.training().examples(), r.training().epochs(), r.training().optimizer(),
                    Output.num(r.training().learningRate()), r.training().batch(), r.training().seconds(),
                    fmt(r.training().epochLoss()));
        }
        for (Phase ph : r.phases()) {
            w.printf(Locale.ROOT, "%n== %s: train loss %.4f, test accuracy %.2f%%%n", ph.phase(), ph.trainLoss(),
                    100 * ph.testAccuracy());
            for (Curvature c : List.of(ph.hessian(), ph.gaussNewton())) {
                w.println(c.matrix());
                Output.table(w, new String[][] {
                        {"  top eigenvalues", fmt(c.topEigenvalues())},
                        {"  outliers", c.outliers() + " (gap ratio " + Output.num(c.gapRatio()) + ")"},
                        {"  trace (Hutch++)", Output.num(c.trace()) + " ± " + Output.num(c.traceStandardError())},
                        {"  trace (density)", Output.num(c.traceFromDensity()) + " ± " + Output.num(c.traceFromDensityStandardError())},
                        {"  density integral", Output.num(c.densityIntegral()) + " (dimension " + c.dimension() + ")"},
                        {"  plot", c.plot() == null ? "-" : c.plot()},
                        {"  time", Output.seconds(c.seconds())}});
            }
        }
        if (r.ntk() != null) {
            Ntk k = r.ntk();
            w.printf(Locale.ROOT, "%n== empirical NTK of the trained network on %d images (order %d)%n", k.examples(), k.order());
            if (k.problem() != null) {
                w.println("  " + k.problem());
            } else {
                Output.table(w, new String[][] {
                    {"  logdet (Cholesky)", k.exactLogdet() == null ? "-" : Output.num(k.exactLogdet())},
                    {"  logdet (SLQ)", Output.num(k.slqLogdet()) + " ± " + Output.num(k.slqStandardError())},
                    {"  logdet (FLODANCE)", k.flodanceLogdet() == null ? "-" : Output.num(k.flodanceLogdet()) + " ± "
                            + Output.num(k.flodanceStandardError()) + " (fit on " + k.flodanceFitExamples() + " images)"}});
            }
        }
        w.printf(Locale.ROOT, "%ntime %.1f s%n", r.seconds());
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4g", v[i]));
        }
        return sb.toString();
    }
}
