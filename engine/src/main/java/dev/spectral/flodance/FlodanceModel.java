package dev.spectral.flodance;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted FLODANCE scaling law: the increments of the leading log-determinants follow
 * <pre>
 *   log det K_m - log det K_{m-1} = ν log m + c + Σ_{i=1..q} γ_i (r/m)^i + ε_m,     r = referenceSize
 * </pre>
 * so that log det K_n = log det K_{n_s} + Σ_{m=n_s+1..n} (ν log m + c + Σ γ_i (r/m)^i) beyond the sample size n_s.
 *
 * @param nu               ν, the power of det K_n / det K_{n-1} ~ n^ν
 * @param nuStandardError  its standard error
 * @param constant         c
 * @param corrections      γ_1..γ_q, coefficients of (r/m)^i
 * @param referenceSize    r (the burn-in size, so that (r/m)^i <= 1 over the fit)
 * @param burnIn           n0: increments for m in (n0, n_s] were fitted
 * @param sampleSize       n_s, the largest size with a known log-determinant
 * @param anchorLogdet     log det K_{n_s}, the value predictions start from
 * @param residualSd       σ, the estimated scatter of one increment (at m = 1 when noiseExponent ≠ 0)
 * @param autocorrelation  lag-1 autocorrelation of the standardized residuals, clamped to [0, 0.95]; the variances
 *                         are multiplied by (1 + ρ)/(1 - ρ), the long-run variance factor of AR(1) noise
 * @param equations        the number of fitted equations (increments or sums of consecutive increments)
 * @param covariance       covariance of (ν, c, γ_1..γ_q), inflation included
 * @param noiseExponent    α of the options
 */
public record FlodanceModel(double nu, double nuStandardError, double constant, double[] corrections,
                            double referenceSize, int burnIn, int sampleSize, double anchorLogdet, double residualSd,
                            double autocorrelation, int equations, double[][] covariance, double noiseExponent) {

    /** The fitted increment log det K_m - log det K_{m-1}. */
    public double increment(long m) {
        double v = nu * Math.log(m) + constant;
        for (int i = 0; i < corrections.length; i++) {
            v += corrections[i] * Math.pow(referenceSize / m, i + 1);
        }
        return v;
    }

    /**
     * log det K_n predicted from log det K_{n_s} by summing fitted increments (for n &lt; n_s, by subtracting them).
     */
    public Prediction predict(long n) {
        if (n < 1) {
            throw new dev.spectral.InvalidInputException("a prediction needs n >= 1, got " + n);
        }
        long a = Math.min(n, sampleSize);
        long b = Math.max(n, sampleSize);
        double sign = n >= sampleSize ? 1 : -1;
        int p = 2 + corrections.length;
        double[] g = new double[p];
        g[0] = sign * PowerSums.log(a, b);
        g[1] = sign * (b - a);
        for (int i = 0; i < corrections.length; i++) {
            g[2 + i] = sign * Math.pow(referenceSize, i + 1) * PowerSums.power(i + 1, a, b);
        }
        double value = anchorLogdet + g[0] * nu + g[1] * constant;
        for (int i = 0; i < corrections.length; i++) {
            value += g[2 + i] * corrections[i];
        }
        double varParam = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                varParam += g[i] * covariance[i][j] * g[j];
            }
        }
        varParam = Math.max(0, varParam);
        double inflation = (1 + autocorrelation) / (1 - autocorrelation);
        double varNoise = inflation * residualSd * residualSd * PowerSums.power(-2 * noiseExponent, a, b);
        return new Prediction(n, value, Math.sqrt(varParam + varNoise), Math.sqrt(varParam), Math.sqrt(varNoise));
    }

    /** Predictions at the given sizes. */
    public List<Prediction> curve(long[] sizes) {
        List<Prediction> out = new ArrayList<>(sizes.length);
        for (long n : sizes) {
            out.add(predict(n));
        }
        return out;
    }

    /** {@code points} predictions from n_s to {@code to}, spaced geometrically. */
    public List<Prediction> curve(long to, int points) {
        if (points < 2 || to <= sampleSize) {
            throw new dev.spectral.InvalidInputException("a curve needs at least 2 points and an end beyond n_s = "
                    + sampleSize);
        }
        long[] sizes = new long[points];
        double ratio = Math.log((double) to / sampleSize) / (points - 1);
        for (int k = 0; k < points; k++) {
            sizes[k] = k == points - 1 ? to : Math.round(sampleSize * Math.exp(ratio * k));
        }
        return curve(sizes);
    }
}
