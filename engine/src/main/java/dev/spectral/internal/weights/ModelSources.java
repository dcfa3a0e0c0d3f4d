package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.ModelSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Picks the reader for a path: by file name first, then by the first bytes. */
public final class ModelSources {
    private ModelSources() {}

    public static ModelSource open(Path path) {
        if (Files.isDirectory(path)) {
            return SafetensorsSource.folder(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path + ": no such file or folder");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            return SafetensorsSource.file(path);
        }
        if (name.endsWith(".safetensors.index.json")) {
            return SafetensorsSource.index(path);
        }
        if (name.endsWith(".onnx")) {
            return OnnxSource.open(path);
        }
        if (name.endsWith(".npy")) {
            return NpySource.open(path);
        }
        if (name.endsWith(".npz")) {
            return NpzSource.open(path);
        }
        byte[] head = MappedFiles.head(path, 16);
        if (NpyFormat.hasMagic(head)) {
            return NpySource.open(path);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return NpzSource.open(path);
        }
        if (head.length >= 9) {
            long len = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (len > 1 && len <= SafetensorsSource.MAX_HEADER && head[8] == '{') {
                return SafetensorsSource.file(path);
            }
        }
        if (head.length >= 1 && head[0] == 0x08) {
            // ModelProto starts with ir_version (field 1, varint): tag byte 0x08.
            return OnnxSource.open(path);
        }
        throw new InvalidInputException(path + ": unknown model format (expected .safetensors, .onnx, .npy or .npz)");
    }
}
