package dev.spectral.estimate;

/** [low, high] holding the true value with probability {@code level} under the estimator's error model. */
public record ConfidenceInterval(double low, double high, double level) {
    public boolean contains(double x) {
        return x >= low && x <= high;
    }

    public double halfWidth() {
        return (high - low) / 2;
    }
}
