package dev.spectral.weights;

/** Flags raised for an analyzed layer. A failed fit is its own flag and never counts as over-trained. */
public enum LayerWarning {
    /** alpha < 2: a very heavy tail, which WeightWatcher associates with over-training. */
    OVER_TRAINED("alpha < 2 (over-trained?)"),
    /** alpha > 6: a light tail, close to random, which WeightWatcher associates with under-training. */
    UNDER_TRAINED("alpha > 6 (under-trained?)"),
    /** No power law could be fitted; alpha is undefined for this layer. */
    FIT_FAILED("power-law fit failed"),
    /** The shuffled layer still has significant spikes beyond the Marchenko-Pastur edge: a few very large entries. */
    CORRELATION_TRAP("correlation trap: spikes survive an elementwise shuffle");

    private final String description;

    LayerWarning(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
