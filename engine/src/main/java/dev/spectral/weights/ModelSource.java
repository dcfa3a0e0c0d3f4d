package dev.spectral.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.weights.ModelSources;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's stored tensors, listed from the file headers and read one at a time. Readers exist for safetensors
 * (a single file, or a folder of shards with or without {@code model.safetensors.index.json}), ONNX (initializers of
 * the main graph, including external data), NumPy {@code .npy} and {@code .npz}.
 *
 * <p>A file whose structure cannot be parsed fails in {@link #open} with an {@link InvalidInputException} naming the
 * problem. A single tensor that cannot be read (truncated data, an unsupported storage variant) fails only when it
 * is opened, so the rest of the model can still be analyzed.
 */
public interface ModelSource extends AutoCloseable {
    /** Opens a model file or folder, choosing the reader from the file name and, failing that, its first bytes. */
    static ModelSource open(Path path) {
        return ModelSources.open(path);
    }

    /** "safetensors", "onnx", "npy", "npz". */
    String format();

    /** The path that was opened. */
    Path path();

    /** Every tensor, in storage order. */
    List<TensorInfo> tensors();

    /** Opens one tensor of {@link #tensors()} for reading. */
    TensorData open(TensorInfo tensor);

    @Override
    void close();
}
