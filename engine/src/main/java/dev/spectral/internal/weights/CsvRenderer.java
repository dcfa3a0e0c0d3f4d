package dev.spectral.internal.weights;

import dev.spectral.weights.LayerDiagnostics;
import dev.spectral.weights.LayerResult;
import dev.spectral.weights.LayerWarning;
import dev.spectral.weights.MarchenkoPasturFit;
import dev.spectral.weights.ModelReport;
import dev.spectral.weights.PowerLawFit;
import dev.spectral.weights.RandomizedEsd;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One CSV row per tensor (RFC 4180 quoting); numbers at full precision, empty cells where a value is undefined. */
public final class CsvRenderer {
    public static final List<String> COLUMNS = List.of("index", "name", "shape", "dtype", "status", "reason", "rows",
            "cols", "matrices", "alpha", "alpha_se", "xmin", "xmax", "ks_distance", "tail_size", "alpha_weighted",
            "log_alpha_norm", "log_frobenius_norm", "log_spectral_norm", "lambda_max", "stable_rank", "matrix_rank",
            "entropy", "mp_variance", "mp_ratio", "mp_bulk_min", "mp_bulk_max", "mp_ks_distance", "mp_spikes",
            "mp_significant_spikes", "mp_threshold", "mp_top_pvalue", "mp_soft_rank", "rand_max", "rand_bulk_edge",
            "rand_threshold", "rand_traps", "rand_top_pvalue", "warnings");

    private CsvRenderer() {}

    public static String render(ModelReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", COLUMNS)).append("\r\n");
        for (LayerResult l : r.layers()) {
            List<String> c = new ArrayList<>();
            c.add(Integer.toString(l.index()));
            c.add(l.name());
            c.add(l.tensor().shapeString());
            c.add(l.tensor().dtypeName());
            switch (l) {
                case LayerResult.Skipped s -> {
                    c.add("skipped");
                    c.add(s.reason());
                    while (c.size() < COLUMNS.size()) {
                        c.add("");
                    }
                }
                case LayerResult.Analyzed a -> analyzed(c, a.diagnostics());
            }
            b.append(c.stream().map(CsvRenderer::quote).collect(Collectors.joining(","))).append("\r\n");
        }
        return b.toString();
    }

    private static void analyzed(List<String> c, LayerDiagnostics d) {
        c.add("analyzed");
        c.add(d.powerLaw() instanceof PowerLawFit.Failed f ? "fit failed: " + f.reason() : "");
        c.add(Integer.toString(d.rows()));
        c.add(Integer.toString(d.cols()));
        c.add(Integer.toString(d.matrices()));
        if (d.powerLaw() instanceof PowerLawFit.Fitted f) {
            add(c, f.alpha(), f.standardError(), f.xmin(), f.xmax(), f.ksDistance());
            c.add(Integer.toString(f.tailSize()));
            add(c, d.alphaWeighted().getAsDouble(), d.logAlphaNorm().getAsDouble());
        } else {
            for (int i = 0; i < 8; i++) {
                c.add("");
            }
        }
        add(c, d.logFrobeniusNorm(), d.logSpectralNorm(), d.lambdaMax(), d.stableRank());
        c.add(Integer.toString(d.matrixRank()));
        add(c, d.entropy());
        MarchenkoPasturFit mp = d.marchenkoPastur();
        add(c, mp.variance(), mp.ratio(), mp.bulkMin(), mp.bulkMax(), mp.ksDistance());
        c.add(Integer.toString(mp.spikes()));
        c.add(Integer.toString(mp.significantSpikes()));
        add(c, mp.threshold(), mp.topPValue(), mp.softRank());
        if (d.randomized().isPresent()) {
            RandomizedEsd x = d.randomized().get();
            add(c, x.maxScaled(), x.bulkEdge(), x.threshold());
            c.add(Integer.toString(x.traps()));
            add(c, x.topPValue());
        } else {
            for (int i = 0; i < 5; i++) {
                c.add("");
            }
        }
        c.add(d.warnings().stream().map(LayerWarning::name).collect(Collectors.joining(";")));
    }

    private static void add(List<String> c, double... values) {
        for (double v : values) {
            c.add(Double.toString(v));
        }
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
