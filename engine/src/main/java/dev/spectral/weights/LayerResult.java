package dev.spectral.weights;

/** One tensor of the model: analyzed, or skipped with the reason. */
public sealed interface LayerResult permits LayerResult.Analyzed, LayerResult.Skipped {
    /** Position of the tensor in the source's listing. */
    int index();

    TensorInfo tensor();

    default String name() {
        return tensor().name();
    }

    record Analyzed(int index, TensorInfo tensor, LayerDiagnostics diagnostics) implements LayerResult {}

    record Skipped(int index, TensorInfo tensor, String reason) implements LayerResult {}
}
