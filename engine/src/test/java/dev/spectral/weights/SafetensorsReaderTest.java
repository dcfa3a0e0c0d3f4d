package dev.spectral.weights;

import static dev.spectral.weights.TestModels.f32;
import static dev.spectral.weights.TestModels.f64;
import static dev.spectral.weights.TestModels.i64;
import static dev.spectral.weights.TestModels.readAll;
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

class SafetensorsReaderTest {
    @TempDir
    Path dir;

    private static List<TestModels.Raw> sample() {
        return List.of(
                new TestModels.Raw("w32", "F32", new long[] {2, 3}, f32(1, -2, 3.5, 0.25, 1e-3, -7)),
                new TestModels.Raw("w64", "F64", new long[] {3}, f64(Math.PI, -1e300, 5e-324)),
                // float16: 1, -2, 65504 (max), 2^-24 (smallest subnormal), -0
                new TestModels.Raw("h", "F16", new long[] {5}, u16(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000)),
                // bfloat16: 1, -5, 3.140625 (0x4049), 1e38-ish (0x7E96)
                new TestModels.Raw("b", "BF16", new long[] {2, 2}, u16(0x3F80, 0xC0A0, 0x4049, 0x7E96)),
                new TestModels.Raw("ids", "I64", new long[] {1, 4}, i64(1, 2, 3, 4)));
    }

    @Test
    void readsEveryFloatTypeExactly() throws IOException {
        Path f = dir.resolve("model.safetensors");
        TestModels.safetensors(f, sample());
        try (ModelSource s = ModelSource.open(f)) {
            assertEquals("safetensors", s.format());
            assertEquals(List.of("w32", "w64", "h", "b", "ids"), s.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(new long[] {2, 3}, s.tensors().get(0).shape());
            assertEquals(DType.FLOAT32, s.tensors().get(0).dtype());
            assertEquals(DType.UNSUPPORTED, s.tensors().get(4).dtype());
            assertEquals("I64", s.tensors().get(4).dtypeName());
            assertArrayEquals(new double[] {1, -2, 3.5, 0.25, (float) 1e-3, -7}, readAll(s, "w32"));
            assertArrayEquals(new double[] {Math.PI, -1e300, 5e-324}, readAll(s, "w64"));
            assertArrayEquals(new double[] {1, -2, 65504, Math.pow(2, -24), -0.0}, readAll(s, "h"));
            assertArrayEquals(new double[] {1, -5, 3.140625, Float.intBitsToFloat(0x7E960000)}, readAll(s, "b"));
            // Reads at an offset, in pieces.
            try (TensorData d = s.open(s.tensors().get(0))) {
                double[] part = new double[3];
                d.read(2, part, 1, 2);
                assertArrayEquals(new double[] {0, 3.5, 0.25}, part);
                assertThrows(IndexOutOfBoundsException.class, () -> d.read(5, part, 0, 2));
            }
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.open(s.tensors().get(4)));
            assertTrue(e.getMessage().contains("I64"), e.getMessage());
        }
    }

    @Test
    void shardedFolderWithIndexAndWithout() throws IOException {
        List<TestModels.Raw> all = sample();
        Path shards = Files.createDirectories(dir.resolve("sharded"));
        TestModels.safetensors(shards.resolve("model-00001-of-00002.safetensors"), all.subList(0, 2));
        TestModels.safetensors(shards.resolve("model-00002-of-00002.safetensors"), all.subList(2, 4));
        Files.writeString(shards.resolve("model.safetensors.index.json"), """
                {"metadata": {"total_size": 100},
                 "weight_map": {"w32": "model-00001-of-00002.safetensors", "w64": "model-00001-of-00002.safetensors",
                                "h": "model-00002-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
                """);
        try (ModelSource s = ModelSource.open(shards)) {
            assertEquals(List.of("w32", "w64", "h", "b"), s.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(new double[] {1, -2, 65504, Math.pow(2, -24), -0.0}, readAll(s, "h"));
        }
        Files.delete(shards.resolve("model.safetensors.index.json"));
        try (ModelSource s = ModelSource.open(shards)) {
            assertEquals(4, s.tensors().size());
            assertArrayEquals(new double[] {Math.PI, -1e300, 5e-324}, readAll(s, "w64"));
        }
        Files.writeString(shards.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"w32\": \"model-00002-of-00002.safetensors\"}}");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelSource.open(shards));
        assertTrue(e.getMessage().contains("does not contain"), e.getMessage());
    }

    @Test
    void truncatedDataFailsOnlyTheTensorsItCuts() throws IOException {
        Path f = dir.resolve("cut.safetensors");
        TestModels.safetensors(f, sample());
        byte[] b = Files.readAllBytes(f);
        // Cut inside the bfloat16 tensor (the I64 tensor and the end of "b" are lost).
        Files.write(f, Arrays.copyOf(b, b.length - 32 - 4));
        try (ModelSource s = ModelSource.open(f)) {
            assertArrayEquals(new double[] {1, -2, 3.5, 0.25, (float) 1e-3, -7}, readAll(s, "w32"));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> readAll(s, "b"));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void corruptHeadersAreOneLineErrors() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        assertOneLine(assertThrows(InvalidInputException.class, () -> ModelSource.open(f)));
        Files.write(f, concat(new byte[] {12, 0, 0, 0, 0, 0, 0, 0}, "{\"a\": [1, 2".getBytes()));
        assertOneLine(assertThrows(InvalidInputException.class, () -> ModelSource.open(f)));
        Files.write(f, concat(new byte[] {30, 0, 0, 0, 0, 0, 0, 0}, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}".getBytes()));
        assertOneLine(assertThrows(InvalidInputException.class, () -> ModelSource.open(f)));
        Files.write(f, new byte[3]);
        assertOneLine(assertThrows(InvalidInputException.class, () -> ModelSource.open(f)));
        // Sizes that disagree with the shape.
        TestModels.safetensors(f, List.of(new TestModels.Raw("x", "F32", new long[] {2, 2}, f32(1, 2, 3))));
        try (ModelSource s = ModelSource.open(f)) {
            assertOneLine(assertThrows(InvalidInputException.class, () -> readAll(s, "x")));
        }
    }

    private static void assertOneLine(InvalidInputException e) {
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
