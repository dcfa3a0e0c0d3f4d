package dev.spectral.weights;

import java.time.Duration;

/** Told after each tensor, so that a caller can show a progress bar. Called on the analysing thread. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param done     tensors finished so far (1-based count)
     * @param total    tensors in the model
     * @param tensor   the tensor just finished
     * @param analyzed false when it was skipped
     * @param elapsed  time since the analysis started
     */
    record Progress(int done, int total, String tensor, boolean analyzed, Duration elapsed) {}

    void onProgress(Progress progress);

    static ProgressListener none() {
        return p -> {};
    }
}
