package dev.spectral.flodance;

/**
 * A predicted log det K_n with its uncertainty.
 *
 * @param n              the size
 * @param logdet         the prediction
 * @param standardError  sqrt(parameterError² + noiseError²)
 * @param parameterError the part due to the fitted coefficients (their covariance propagated to this n)
 * @param noiseError     the part due to the scatter of the increments between n_s and n around the law, which no
 *                       fit can predict
 */
public record Prediction(long n, double logdet, double standardError, double parameterError, double noiseError) {
    /** logdet ± z·standardError. */
    public double[] interval(double z) {
        return new double[] {logdet - z * standardError, logdet + z * standardError};
    }
}
