package dev.spectral.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.linalg.Svd;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.rmt.RandomMatrices;
import dev.spectral.spi.DenseBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightAnalysisTest {
    @TempDir
    Path dir;

    /** A float64 safetensors entry holding m in C order. */
    static TestModels.Raw matrix(String name, DenseMatrix m) {
        ByteBuffer b = ByteBuffer.allocate(8 * m.rows() * m.cols()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                b.putDouble(m.get(i, j));
            }
        }
        return new TestModels.Raw(name, "F64", new long[] {m.rows(), m.cols()}, b.array());
    }

    static TestModels.Raw tensor(String name, long[] shape, double[] cOrder) {
        return new TestModels.Raw(name, "F64", shape, TestModels.f64(cOrder));
    }

    private ModelReport analyze(List<TestModels.Raw> tensors, AnalysisOptions options) throws IOException {
        Path f = dir.resolve("m" + System.nanoTime() + ".safetensors");
        TestModels.safetensors(f, tensors);
        return WeightAnalysis.analyze(f, options, ProgressListener.none());
    }

    private static LayerDiagnostics only(ModelReport r) {
        return r.analyzed().getFirst().diagnostics();
    }

    private static double[] squaredSingularValues(DenseMatrix m) {
        try (DenseBackend cpu = Backends.cpu()) {
            double[] s = cpu.svd(m, SvdSelection.all(), false).singularValues();
            double[] l = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                l[i] = s[s.length - 1 - i] * s[s.length - 1 - i];
            }
            return l;
        }
    }

    private static DenseMatrix scaled(DenseMatrix m, double f) {
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= f;
        }
        return m;
    }

    @Test
    void gaussianLayerFollowsMarchenkoPasturWithoutSpikesOrTraps() throws IOException {
        double sigma = 0.02;
        DenseMatrix w = scaled(RandomMatrices.gaussian(1000, 300, new SplittableRandom(1)), sigma);
        LayerDiagnostics d = only(analyze(List.of(matrix("w", w)), AnalysisOptions.defaults()));
        assertEquals(1000, d.rows());
        assertEquals(300, d.cols());
        double[] expected = squaredSingularValues(w);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d.eigenvalues()[i], 1e-12 * expected[expected.length - 1]);
        }
        MarchenkoPasturFit mp = d.marchenkoPastur();
        System.out.printf("Gaussian layer: MP variance %.6g (true %.6g), KS %.4f, spikes %d, significant %d%n",
                mp.variance(), sigma * sigma, mp.ksDistance(), mp.spikes(), mp.significantSpikes());
        // The ESD is rigid (fluctuations O(1/M)), so the KS-fitted variance lands within a few percent.
        assertEquals(sigma * sigma, mp.variance(), 0.02 * sigma * sigma);
        assertEquals(0.3, mp.ratio(), 1e-15);
        assertEquals(0, mp.significantSpikes());
        assertTrue(mp.topPValue() > 0.001, "p " + mp.topPValue());
        RandomizedEsd r = d.randomized().orElseThrow();
        assertEquals(0, r.traps());
        assertEquals(Math.pow(1 + Math.sqrt(0.3), 2), r.bulkEdge(), 1e-15);
        assertFalse(d.warnings().contains(LayerWarning.CORRELATION_TRAP));
        assertFalse(d.warnings().contains(LayerWarning.FIT_FAILED));
    }

    @Test
    void aSignalSpikeIsSignificantButNotATrap() throws IOException {
        int n = 1000;
        int m = 300;
        SplittableRandom rng = new SplittableRandom(2);
        DenseMatrix w = RandomMatrices.gaussian(n, m, rng);
        double[] u = unit(n, rng);
        double[] v = unit(m, rng);
        // Singular value 3× the bulk edge √N + √M: far above the BBP threshold.
        double theta = 3 * (Math.sqrt(n) + Math.sqrt(m));
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                w.set(i, j, w.get(i, j) + theta * u[i] * v[j]);
            }
        }
        LayerDiagnostics d = only(analyze(List.of(matrix("w", w)), AnalysisOptions.defaults()));
        assertEquals(1, d.marchenkoPastur().significantSpikes());
        assertTrue(d.marchenkoPastur().topPValue() < 1e-10);
        assertEquals(0, d.randomized().orElseThrow().traps());
        assertFalse(d.warnings().contains(LayerWarning.CORRELATION_TRAP));
    }

    private static double[] unit(int n, SplittableRandom rng) {
        double[] x = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            s += x[i] * x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] /= Math.sqrt(s);
        }
        return x;
    }

    @Test
    void oneHugeEntryIsACorrelationTrap() throws IOException {
        DenseMatrix w = RandomMatrices.gaussian(1000, 300, new SplittableRandom(3));
        w.set(5, 7, 300);
        LayerDiagnostics d = only(analyze(List.of(matrix("w", w)), AnalysisOptions.defaults()));
        RandomizedEsd r = d.randomized().orElseThrow();
        assertTrue(r.traps() >= 1, "traps " + r.traps());
        assertTrue(d.warnings().contains(LayerWarning.CORRELATION_TRAP));
        // Without the shuffle there is nothing to flag.
        LayerDiagnostics plain = only(analyze(List.of(matrix("w", w)), AnalysisOptions.defaults().withRandomize(false)));
        assertTrue(plain.randomized().isEmpty());
        assertFalse(plain.warnings().contains(LayerWarning.CORRELATION_TRAP));
    }

    @Test
    void plantedPowerLawSpectrumGoesThroughThePipelineExactly() throws IOException {
        int n = 600;
        int m = 250;
        SplittableRandom rng = new SplittableRandom(4);
        double[] lambda = new double[m];
        for (int i = 0; i < m; i++) {
            lambda[i] = Math.pow(1 - rng.nextDouble(), -1 / (3.0 - 1));
        }
        Arrays.sort(lambda);
        DenseMatrix w;
        try (DenseBackend cpu = Backends.cpu()) {
            // Orthonormal columns from the right singular vectors of a wide Gaussian matrix (CpuBackend's SVD with
            // vectors currently fails on tall inputs: netlib checks U against m x m).
            Svd a = cpu.svd(RandomMatrices.gaussian(m, n, rng), SvdSelection.all(), true);
            Svd b = cpu.svd(RandomMatrices.gaussian(m, m, rng), SvdSelection.all(), true);
            DenseMatrix us = a.vt().transpose();
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) {
                    us.set(i, j, us.get(i, j) * Math.sqrt(lambda[j]));
                }
            }
            w = cpu.multiply(us, false, b.vt(), false);
        }
        LayerDiagnostics d = only(analyze(List.of(matrix("w", w)), AnalysisOptions.defaults()));
        double[] ev = d.eigenvalues();
        assertEquals(m, ev.length);
        for (int i = 0; i < m; i++) {
            assertEquals(lambda[i], ev[i], 1e-11 * lambda[m - 1]);
        }
        PowerLawFit.Fitted direct = assertInstanceOf(PowerLawFit.Fitted.class, PowerLaw.fit(lambda));
        PowerLawFit.Fitted viaLayer = assertInstanceOf(PowerLawFit.Fitted.class, d.powerLaw());
        assertEquals(direct.xmin(), viaLayer.xmin(), 1e-9 * direct.xmin());
        assertEquals(direct.alpha(), viaLayer.alpha(), 1e-8);
        assertEquals(direct.alpha() * Math.log10(lambda[m - 1]), d.alphaWeighted().getAsDouble(), 1e-8);
        double sumAlpha = 0;
        double sum = 0;
        for (double l : lambda) {
            sumAlpha += Math.pow(l, direct.alpha());
            sum += l;
        }
        assertEquals(Math.log10(sumAlpha), d.logAlphaNorm().getAsDouble(), 1e-8);
        assertEquals(Math.log10(sum), d.logFrobeniusNorm(), 1e-10);
        assertEquals(Math.log10(lambda[m - 1]), d.logSpectralNorm(), 1e-10);
        assertEquals(sum / lambda[m - 1], d.stableRank(), 1e-8 * sum / lambda[m - 1]);
        assertEquals(m, d.matrixRank());
        double h = 0;
        for (double l : lambda) {
            h -= l / sum * Math.log(l / sum);
        }
        assertEquals(h / Math.log(m), d.entropy(), 1e-10);
    }

    @Test
    void convolutionKernelsArePooledOverKernelPositions() throws IOException {
        int out = 16;
        int in = 12;
        int kh = 3;
        int kw = 2;
        SplittableRandom rng = new SplittableRandom(5);
        double[] oihw = new double[out * in * kh * kw];
        for (int i = 0; i < oihw.length; i++) {
            oihw[i] = rng.nextGaussian();
        }
        double[] hwio = new double[oihw.length];
        List<Double> expected = new ArrayList<>();
        for (int p = 0; p < kh; p++) {
            for (int q = 0; q < kw; q++) {
                DenseMatrix slice = DenseMatrix.zeros(out, in);
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        double v = oihw[((o * in + i) * kh + p) * kw + q];
                        slice.set(o, i, v);
                        hwio[((p * kw + q) * in + i) * out + o] = v;
                    }
                }
                for (double l : squaredSingularValues(slice)) {
                    expected.add(l);
                }
            }
        }
        double[] want = expected.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        AnalysisOptions o = AnalysisOptions.defaults();
        LayerDiagnostics a = only(analyze(List.of(tensor("conv", new long[] {out, in, kh, kw}, oihw)), o));
        LayerDiagnostics b = only(analyze(List.of(tensor("conv", new long[] {kh, kw, in, out}, hwio)),
                o.withConvLayout(ConvLayout.KH_KW_IN_OUT)));
        assertEquals(kh * kw, a.matrices());
        assertEquals(16, a.rows());
        assertEquals(12, a.cols());
        assertEquals(want.length, a.eigenvalues().length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], a.eigenvalues()[i], 1e-12 * want[want.length - 1]);
            assertEquals(want[i], b.eigenvalues()[i], 1e-12 * want[want.length - 1]);
        }
    }

    @Test
    void unusableTensorsAreSkippedWithTheirReasonAndTheRestIsAnalyzed() throws IOException {
        SplittableRandom rng = new SplittableRandom(6);
        double[] nan = new double[40 * 20];
        Arrays.fill(nan, 0.5);
        nan[123] = Double.NaN;
        List<TestModels.Raw> tensors = List.of(
                tensor("bias", new long[] {40}, new double[40]),
                tensor("cube", new long[] {4, 5, 6}, new double[120]),
                new TestModels.Raw("ids", "I64", new long[] {20, 20}, new byte[8 * 400]),
                tensor("narrow", new long[] {5, 100}, new double[500]),
                tensor("nan", new long[] {40, 20}, nan),
                tensor("zero", new long[] {30, 30}, new double[900]),
                matrix("good", RandomMatrices.gaussian(60, 40, rng)),
                matrix("excluded", RandomMatrices.gaussian(60, 40, rng)));
        Path f = dir.resolve("mixed.safetensors");
        TestModels.safetensors(f, tensors);
        List<ProgressListener.Progress> progress = new ArrayList<>();
        ModelReport r = WeightAnalysis.analyze(f, AnalysisOptions.defaults().withInclude("^(?!excluded)"), progress::add);
        assertEquals(8, r.layers().size());
        assertEquals(List.of("good"), r.analyzed().stream().map(LayerResult::name).toList());
        List<String> reasons = r.skipped().stream().map(LayerResult.Skipped::reason).toList();
        assertTrue(reasons.get(0).contains("1-D"), reasons.get(0));
        assertTrue(reasons.get(1).contains("3-D"), reasons.get(1));
        assertTrue(reasons.get(2).contains("I64"), reasons.get(2));
        assertTrue(reasons.get(3).contains("too few eigenvalues"), reasons.get(3));
        assertTrue(reasons.get(4).contains("non-finite"), reasons.get(4));
        assertTrue(reasons.get(5).contains("zero"), reasons.get(5));
        assertTrue(reasons.get(6).contains("include"), reasons.get(6));
        for (String reason : reasons) {
            assertEquals(1, reason.lines().count());
        }
        assertEquals(8, progress.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, progress.get(i).done());
            assertEquals(8, progress.get(i).total());
            assertEquals(tensors.get(i).name(), progress.get(i).tensor());
        }
        assertTrue(progress.get(6).analyzed());
        assertEquals(1, r.summary().analyzed());
        assertEquals(7, r.summary().skipped());
        assertEquals(60L * 40, r.summary().parametersAnalyzed());

        // Truncating the file loses the last tensors' data: they are skipped, the others still analyzed.
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        ModelReport cut = WeightAnalysis.analyze(f, AnalysisOptions.defaults(), ProgressListener.none());
        assertEquals(List.of("good"), cut.analyzed().stream().map(LayerResult::name).toList());
        assertTrue(cut.skipped().getLast().reason().contains("truncated"), cut.skipped().getLast().reason());
    }

    @Test
    void aFailedFitIsReportedAsSuchAndNeverAsOverTrained() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        // Rank 5: only five eigenvalues above the floor, fewer than the minimum tail.
        DenseMatrix lowRank;
        try (DenseBackend cpu = Backends.cpu()) {
            lowRank = cpu.multiply(RandomMatrices.gaussian(40, 5, rng), false, RandomMatrices.gaussian(5, 30, rng), false);
        }
        ModelReport r = analyze(List.of(matrix("lowrank", lowRank), matrix("fine", RandomMatrices.gaussian(200, 100, rng))),
                AnalysisOptions.defaults());
        LayerDiagnostics d = r.analyzed().getFirst().diagnostics();
        assertInstanceOf(PowerLawFit.Failed.class, d.powerLaw());
        assertEquals(List.of(LayerWarning.FIT_FAILED), d.warnings().stream()
                .filter(w -> w != LayerWarning.CORRELATION_TRAP).toList());
        assertTrue(d.alpha().isEmpty());
        assertTrue(d.alphaWeighted().isEmpty());
        assertEquals(5, d.matrixRank());
        assertEquals(1, r.summary().fitFailed());
        assertEquals(0, r.summary().overTrained());
        assertEquals(1, r.summary().fitted());
        assertEquals(r.analyzed().get(1).diagnostics().alpha().getAsDouble(), r.summary().meanAlpha().getAsDouble());
    }

    @Test
    void reportsAreWrittenAndTheCsvRoundTrips() throws IOException {
        SplittableRandom rng = new SplittableRandom(8);
        ModelReport r = analyze(List.of(matrix("a<&>\"b,c", RandomMatrices.gaussian(120, 50, rng)),
                tensor("bias", new long[] {50}, new double[50]), matrix("c", RandomMatrices.gaussian(80, 80, rng))),
                AnalysisOptions.defaults());
        Path html = dir.resolve("out/report.html");
        Path csv = dir.resolve("out/report.csv");
        HtmlReport.write(r, html);
        CsvReport.write(r, csv);
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("a&lt;&amp;&gt;&quot;b,c"));
        assertFalse(page.contains("a<&>"));
        assertTrue(page.contains("<svg"));
        assertFalse(page.contains("<script"));
        assertEquals(page.split("<svg", -1).length - 1, page.split("</svg>", -1).length - 1);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertEquals(String.join(",", CsvReport.COLUMNS), lines.get(0));
        assertTrue(lines.get(1).startsWith("0,\"a<&>\"\"b,c\",\"[120, 50]\",F64,analyzed,"), lines.get(1));
        assertTrue(lines.get(2).contains("skipped,1-D tensor"), lines.get(2));
        // The alpha cell is the report's value at full precision.
        List<String> cells = splitCsv(lines.get(3));
        assertEquals(CsvReport.COLUMNS.size(), cells.size());
        double alpha = r.analyzed().get(1).diagnostics().alpha().getAsDouble();
        assertEquals(alpha, Double.parseDouble(cells.get(CsvReport.COLUMNS.indexOf("alpha"))));
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
