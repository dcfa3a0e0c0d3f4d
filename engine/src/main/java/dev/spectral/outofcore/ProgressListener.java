package dev.spectral.outofcore;

/**
 * Receives progress after every block column, on the computing thread (keep it quick). Throwing from
 * {@link #onProgress} aborts the run: committed columns stay in the scratch directory and a later run resumes there.
 */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress progress);

    /** A listener that ignores everything. */
    ProgressListener NONE = p -> {};
}
