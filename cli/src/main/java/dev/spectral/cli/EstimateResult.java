package dev.spectral.cli;

import dev.spectral.SpectralException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.LanczosStats;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The JSON and human form of a scalar estimate (logdet, trace, eigencount). Estimators run their products on the CPU
 * (the {@code backend} field says so); {@code logdet}/{@code sign} repeat the value for log-determinants.
 */
record EstimateResult(String quantity, double value, double stderr, double[] ci, double confidence, boolean converged,
        String stoppedBy, int probes, long matvecs, Double lanczosMeanDegree, Integer lanczosMaxDegree, String method,
        String settings, long seed, int n, String operator, String backend, double seconds, Double logdet, Integer sign) {

    static EstimateResult of(Estimate e, int n, String operator, double seconds, boolean logdet) {
        if (!Double.isFinite(e.value())) {
            throw new SpectralException(e.quantity() + " estimate is not finite (" + e.value() + "); "
                    + "check that the matrix suits the method (rerun with --debug)");
        }
        LanczosStats l = e.solver().lanczos().orElse(null);
        return new EstimateResult(e.quantity(), e.value(), e.standardError(),
                new double[] {e.interval().low(), e.interval().high()}, e.interval().level(), e.convergence().converged(),
                e.convergence().stoppedBy(), e.probes(), e.matvecs(), l == null ? null : l.meanDegree(),
                l == null ? null : l.maxDegree(), e.solver().method(), e.solver().settings(), e.solver().seed(), n, operator,
                "cpu", seconds, logdet ? e.value() : null, logdet ? 1 : null);
    }

    void print(PrintWriter w) {
        String[][] rows = {
                {"matrix", operator},
                {quantity, Output.num(value)},
                {"standard error", Output.num(stderr)},
                {String.format(Locale.ROOT, "%.0f%% interval", 100 * confidence), "[" + Output.num(ci[0]) + ", " + Output.num(ci[1]) + "]"},
                {"converged", converged + " (" + stoppedBy + ")"},
                {"probes", String.valueOf(probes)},
                {"matrix-vector products", String.valueOf(matvecs)},
                {"Lanczos degree", lanczosMeanDegree == null ? "-" : String.format(Locale.ROOT, "mean %.1f, max %d", lanczosMeanDegree, lanczosMaxDegree)},
                {"method", method + " (" + settings + ")"},
                {"time", Output.seconds(seconds)}};
        Output.table(w, rows);
    }
}
