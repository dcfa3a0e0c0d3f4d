package dev.spectral.weights;

import static dev.spectral.weights.TestModels.f32;
import static dev.spectral.weights.TestModels.f64;
import static dev.spectral.weights.TestModels.i64;
import static dev.spectral.weights.TestModels.readAll;
import static dev.spectral.weights.TestModels.tensor;
import static dev.spectral.weights.TestModels.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReaderTest {
    @TempDir
    Path dir;

    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int FLOAT16 = 10;
    private static final int DOUBLE = 11;

    private Path model() throws IOException {
        // External data: 8 bytes of padding, then a 2 x 2 float32 tensor.
        Files.write(dir.resolve("weights.bin"), concat(new byte[8], f32(9, 8, 7, 6)));
        TestModels.Proto packedFloats = tensor("packed", FLOAT, new long[] {2, 3}).bytes(4, f32(1, 2, 3, 4, 5, 6));
        TestModels.Proto raw = tensor("raw", FLOAT, new long[] {3, 2}).bytes(9, f32(-1, 0.5, 2, 4, 8, 16));
        TestModels.Proto doubles = tensor("doubles", DOUBLE, new long[] {2}).bytes(10, f64(1e-200, 3));
        TestModels.Proto half = tensor("half", FLOAT16, new long[] {2, 1}).bytes(9, u16(0x3C00, 0xBC00));
        TestModels.Proto ints = tensor("ints", INT64, new long[] {1, 2}).bytes(9, i64(5, 6));
        TestModels.Proto external = tensor("external", FLOAT, new long[] {2, 2})
                .message(13, new TestModels.Proto().string(1, "location").string(2, "weights.bin"))
                .message(13, new TestModels.Proto().string(1, "offset").string(2, "8"))
                .message(13, new TestModels.Proto().string(1, "length").string(2, "16")).varint(14, 1);
        TestModels.Proto missing = tensor("missing", FLOAT, new long[] {2, 2})
                .message(13, new TestModels.Proto().string(1, "location").string(2, "nowhere.bin")).varint(14, 1);
        TestModels.Proto escaping = tensor("escaping", FLOAT, new long[] {1})
                .message(13, new TestModels.Proto().string(1, "location").string(2, "../outside.bin")).varint(14, 1);
        TestModels.Proto unpacked = tensor("unpacked", FLOAT, new long[] {2}).fixed32(4, 1f).fixed32(4, 2f);
        // Dims given packed (wire type 2), as some writers do.
        TestModels.Proto packedDims = new TestModels.Proto().bytes(1, new byte[] {2, 2}).varint(2, FLOAT)
                .string(8, "packedDims").bytes(9, f32(1, 1, 1, 1));
        Path f = dir.resolve("m.onnx");
        Files.write(f, TestModels.onnxModel(List.of(packedFloats, raw, doubles, half, ints, external, missing, escaping,
                unpacked, packedDims)));
        return f;
    }

    @Test
    void readsInitializersInEveryStorageVariant() throws IOException {
        try (ModelSource s = ModelSource.open(model())) {
            assertEquals("onnx", s.format());
            assertEquals(List.of("packed", "raw", "doubles", "half", "ints", "external", "missing", "escaping",
                    "unpacked", "packedDims"), s.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(new long[] {2, 3}, s.tensors().get(0).shape());
            assertEquals("FLOAT", s.tensors().get(0).dtypeName());
            assertEquals("INT64", s.tensors().get(4).dtypeName());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, readAll(s, "packed"));
            assertArrayEquals(new double[] {-1, 0.5, 2, 4, 8, 16}, readAll(s, "raw"));
            assertArrayEquals(new double[] {1e-200, 3}, readAll(s, "doubles"));
            assertArrayEquals(new double[] {1, -1}, readAll(s, "half"));
            assertArrayEquals(new double[] {9, 8, 7, 6}, readAll(s, "external"));
            assertArrayEquals(new long[] {2, 2}, s.tensors().get(9).shape());
            assertArrayEquals(new double[] {1, 1, 1, 1}, readAll(s, "packedDims"));
            for (String bad : List.of("ints", "missing", "escaping", "unpacked")) {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> readAll(s, bad), bad);
                assertEquals(1, e.getMessage().lines().count());
            }
        }
    }

    @Test
    void truncatedOrForeignFilesAreOneLineErrors() throws IOException {
        byte[] full = Files.readAllBytes(model());
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(full, full.length - 10));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelSource.open(cut));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Path noGraph = dir.resolve("empty.onnx");
        Files.write(noGraph, new TestModels.Proto().varint(1, 8).toBytes());
        assertThrows(InvalidInputException.class, () -> ModelSource.open(noGraph));
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThrows(InvalidInputException.class, () -> ModelSource.open(garbage));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
