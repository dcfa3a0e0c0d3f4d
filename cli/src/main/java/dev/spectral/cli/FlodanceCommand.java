package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import dev.spectral.flodance.Flodance;
import dev.spectral.flodance.FlodanceModel;
import dev.spectral.flodance.FlodanceOptions;
import dev.spectral.flodance.Prediction;
import dev.spectral.internal.estimate.Stats;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.LeadingLogdets;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import dev.spectral.outofcore.TileSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral flodance}: log det K_n of a large kernel matrix extrapolated from one factorization of K_{n_s}. */
@Command(name = "flodance", description = {
        "Predicts log det K_n for a large n from the leading log-determinants of a smaller K_{n_s} (FLODANCE, Ameli et al., ICML 2025).",
        "K_{n_s} (the kernel of the first n_s points, in the order of the data) is factored once; its leading log-determinants",
        "log det K_m, m <= n_s, are fitted by the scaling law  log det K_m - log det K_{m-1} = nu log m + c + sum_i g_i (n0/m)^i",
        "over n0 < m <= n_s, and the fitted increments are summed up to n. The prediction is for the first n points of the data.",
        "Several --ns values reuse the one factorization of the largest. --exact compares with known values (a CSV written by",
        "logdet --method out-of-core --leading)."})
final class FlodanceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Option(names = "--leading", paramLabel = "FILE.csv",
            description = "Fit these leading log-determinants (columns n,logdet[,sign]) instead of factoring a kernel.")
    Path leadingFile;

    @Option(names = "--ns", split = ",", required = true, paramLabel = "N_S[,N_S...]",
            description = "Sample sizes: fit the leading log-determinants up to each n_s.")
    int[] ns;

    @Option(names = "--n", required = true, paramLabel = "N", description = "The size to predict log det K_n for.")
    long n;

    @Option(names = "--q", defaultValue = "2", paramLabel = "Q", description = "Correction terms (n0/m)^i, i = 1..q (default ${DEFAULT-VALUE}).")
    int q;

    @Option(names = "--n0", defaultValue = "0", paramLabel = "N0",
            description = "Burn-in: fit increments for m > n0 only (default: n_s/10).")
    int n0;

    @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "P", description = "Confidence level of the interval (default ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--max-mem", defaultValue = "1g", paramLabel = "SIZE",
            description = "Memory cap for factoring K_{n_s} (out of core when it does not fit; default ${DEFAULT-VALUE}).")
    String maxMem;

    @Option(names = "--exact", paramLabel = "FILE.csv", description = "Known log det K_m (columns n,logdet[,sign]) to compare predictions with.")
    Path exactFile;

    @Option(names = "--curve-points", defaultValue = "40", paramLabel = "K", description = "Points of the predicted curve (default ${DEFAULT-VALUE}).")
    int curvePoints;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Plot the measured and predicted log det K_m against m.")
    Path plot;

    @Spec
    CommandSpec spec;

    record Fit(int ns, int n0, int q, double nu, double nuStderr, double c, double[] corrections, double residualSd,
            double predicted, double stderr, double[] ci, Double exact, Double relativeError, Double errorInStderrs) {}

    record CurvePoint(long n, double logdet, double stderr) {}

    record Result(long n, String matrix, double factorSeconds, List<Fit> fits, List<CurvePoint> curve, String plot,
            double seconds) {}

    @Override
    public Integer call() {
        Timer t = new Timer();
        validate();
        int nsMax = Arrays.stream(ns).max().getAsInt();
        LeadingLogdets leading;
        String matrix;
        double factorSeconds = 0;
        if (leadingFile != null) {
            if (data.present()) {
                throw new InvalidInputException("give either --leading FILE.csv or --data ..., not both");
            }
            leading = readCsv(leadingFile);
            matrix = "leading log-determinants from " + leadingFile;
            if (leading.lastSize() < nsMax) {
                throw new InvalidInputException(leadingFile + " lists sizes up to " + leading.lastSize() + ", below --ns " + nsMax);
            }
        } else {
            Points all = data.points();
            if (all.size() < nsMax) {
                throw new InvalidInputException("--ns " + nsMax + " needs that many points; --data " + data.data + " has " + all.size());
            }
            Points x = all.first(nsMax);
            var kernel = data.kernel(x);
            Double ls = KernelCommand.lengthscale(kernel);
            matrix = String.format(Locale.ROOT, "%s kernel of the first %d points of %s%s, nugget %.3g", kernel.name(), nsMax,
                    data.data, ls == null ? "" : String.format(Locale.ROOT, ", lengthscale %.6g", ls), data.nugget);
            OutOfCoreResult r;
            try (TileSource src = TileSource.kernel(x, kernel, data.nugget);
                    Progress bar = Progress.start(common, "factor K_ns", 1000)) {
                OutOfCoreOptions o = OutOfCoreOptions.of(Factorization.CHOLESKY, ByteSize.parse("--max-mem", maxMem))
                        .withProgress(p -> bar.progress(Math.round(p.fraction() * 1000), 1000, ""));
                r = OutOfCore.factor(src, o);
            }
            leading = r.leading();
            factorSeconds = r.secondsWall();
        }
        TreeMap<Integer, Double> exact = exactFile == null ? new TreeMap<>() : toMap(readCsv(exactFile));
        double z = Stats.zForConfidence(confidence);
        FlodanceOptions options = FlodanceOptions.defaults().withCorrections(q).withBurnIn(n0);
        List<Fit> fits = new ArrayList<>();
        FlodanceModel last = null;
        for (int s : ns) {
            FlodanceModel m = Flodance.fit(prefix(leading, s), options);
            Prediction p = m.predict(n);
            Double ex = exact.get((int) Math.min(n, Integer.MAX_VALUE));
            fits.add(new Fit(s, m.burnIn(), q, m.nu(), m.nuStandardError(), m.constant(), m.corrections(), m.residualSd(),
                    p.logdet(), p.standardError(), p.interval(z), ex,
                    ex == null ? null : (p.logdet() - ex) / Math.abs(ex), ex == null ? null : (p.logdet() - ex) / p.standardError()));
            if (s == nsMax) {
                last = m;
            }
        }
        List<CurvePoint> curve = new ArrayList<>();
        if (n > nsMax) {
            for (Prediction p : last.curve(n, curvePoints)) {
                curve.add(new CurvePoint(p.n(), p.logdet(), p.standardError()));
            }
        }
        if (plot != null) {
            plot(leading, fits, exact, nsMax);
        }
        Result result = new Result(n, matrix, factorSeconds, fits, curve, plot == null ? null : plot.toString(), t.seconds());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, result);
        } else {
            print(w, result, z);
        }
        return ExitCodes.OK;
    }

    private void validate() {
        if (leadingFile == null && !data.present()) {
            throw new InvalidInputException("give --data ... --kernel ... (points to factor) or --leading FILE.csv");
        }
        for (int s : ns) {
            if (s < 10) {
                throw new InvalidInputException("--ns must be at least 10, got " + s);
            }
        }
        if (n < 1) {
            throw new InvalidInputException("--n must be >= 1, got " + n);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new InvalidInputException("--confidence must be in (0, 1), got " + confidence);
        }
        if (curvePoints < 2 || curvePoints > 100_000) {
            throw new InvalidInputException("--curve-points must be between 2 and 100000, got " + curvePoints);
        }
    }

    private void print(PrintWriter w, Result r, double z) {
        w.println("matrix   " + r.matrix());
        w.printf(Locale.ROOT, "predict  log det K_n for n = %d (%.0f%% intervals: +- %.3g standard errors)%n", n, 100 * confidence, z);
        boolean withExact = r.fits().stream().anyMatch(f -> f.exact() != null);
        w.printf(Locale.ROOT, "%8s %7s %11s %18s %12s %s%n", "n_s", "n0", "nu", "log det K_n", "std error",
                withExact ? String.format(Locale.ROOT, "%18s %10s %8s", "exact", "rel error", "in SEs") : "");
        for (Fit f : r.fits()) {
            w.printf(Locale.ROOT, "%8d %7d %11.6f %18.6f %12.4g %s%n", f.ns(), f.n0(), f.nu(), f.predicted(), f.stderr(),
                    f.exact() == null ? "" : String.format(Locale.ROOT, "%18.6f %9.4f%% %8.2f", f.exact(),
                            100 * f.relativeError(), f.errorInStderrs()));
        }
        if (r.factorSeconds() > 0) {
            w.println("factored K_ns in " + Output.seconds(r.factorSeconds()) + "; total " + Output.seconds(r.seconds()));
        }
        if (plot != null) {
            w.println("plot     " + plot);
        }
    }

    /** The leading log-determinants up to size s (s must be listed). */
    private static LeadingLogdets prefix(LeadingLogdets l, int s) {
        int k = Arrays.binarySearch(l.sizes(), s);
        if (k < 0) {
            throw new InvalidInputException("no leading log-determinant of size " + s + " is known (sizes listed: "
                    + l.sizes()[0] + ", " + (l.count() > 1 ? l.sizes()[1] + ", ..., " : "") + l.lastSize() + ")");
        }
        return new LeadingLogdets(Arrays.copyOf(l.sizes(), k + 1), Arrays.copyOf(l.logAbsDet(), k + 1),
                Arrays.copyOf(l.signs(), k + 1), l.stride(), 0);
    }

    private static TreeMap<Integer, Double> toMap(LeadingLogdets l) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < l.count(); i++) {
            m.put(l.sizes()[i], l.logAbsDet()[i]);
        }
        return m;
    }

    /** Reads a CSV with columns n,logdet[,sign] and a header line. */
    static LeadingLogdets readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        List<int[]> sizes = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int stride = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || (i == 0 && line.startsWith("n,"))) {
                continue;
            }
            String[] f = line.split(",");
            try {
                int m = Integer.parseInt(f[0].trim());
                double v = Double.parseDouble(f[1].trim());
                int sign = f.length > 2 ? Integer.parseInt(f[2].trim()) : 1;
                sizes.add(new int[] {m, sign});
                values.add(v);
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": line " + (i + 1) + " is not 'n,logdet[,sign]': " + line);
            }
        }
        if (sizes.isEmpty()) {
            throw new InvalidInputException(file + ": no leading log-determinants");
        }
        int[] s = sizes.stream().mapToInt(a -> a[0]).toArray();
        int[] sg = sizes.stream().mapToInt(a -> a[1]).toArray();
        stride = s.length > 1 ? s[1] - s[0] : s[0];
        try {
            return new LeadingLogdets(s, values.stream().mapToDouble(Double::doubleValue).toArray(), sg, Math.max(1, stride), 0);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    private void plot(LeadingLogdets leading, List<Fit> fits, TreeMap<Integer, Double> exact, int nsMax) {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("FLODANCE: log det K_m / m, measured and extrapolated (error bars: 1 std error, largest n_s)")
                .xAxisTitle("m").yAxisTitle("log det K_m / m").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(true);
        int step = Math.max(1, leading.count() / 400);
        List<Double> mx = new ArrayList<>();
        List<Double> my = new ArrayList<>();
        for (int i = 0; i < leading.count() && leading.sizes()[i] <= nsMax; i += step) {
            mx.add((double) leading.sizes()[i]);
            my.add(leading.logAbsDet()[i] / leading.sizes()[i]);
        }
        XYSeries measured = chart.addSeries("measured (K_ns factor)", mx, my);
        measured.setMarker(SeriesMarkers.NONE);
        for (Fit f : fits) {
            FlodanceModel m = Flodance.fit(prefix(leading, f.ns()), FlodanceOptions.defaults().withCorrections(q).withBurnIn(n0));
            if (n <= f.ns()) {
                continue;
            }
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            List<Double> pe = new ArrayList<>();
            for (Prediction p : m.curve(n, curvePoints)) {
                px.add((double) p.n());
                py.add(p.logdet() / p.n());
                pe.add(p.standardError() / p.n());
            }
            XYSeries s = f.ns() == nsMax ? chart.addSeries("FLODANCE from n_s = " + f.ns(), px, py, pe)
                    : chart.addSeries("FLODANCE from n_s = " + f.ns(), px, py);
            s.setMarker(SeriesMarkers.NONE);
        }
        if (!exact.isEmpty()) {
            int every = Math.max(1, exact.size() / 60);
            List<Double> ex = new ArrayList<>();
            List<Double> ey = new ArrayList<>();
            int k = 0;
            for (var e : exact.entrySet()) {
                if (k++ % every == 0 || e.getKey() == n) {
                    ex.add((double) e.getKey());
                    ey.add(e.getValue() / e.getKey());
                }
            }
            XYSeries s = chart.addSeries("exact", ex, ey);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        try {
            Plots.write(plot, chart);
        } catch (SpectralException e) {
            throw new InvalidInputException("cannot write the plot " + plot + ": " + e.getMessage());
        }
    }
}
