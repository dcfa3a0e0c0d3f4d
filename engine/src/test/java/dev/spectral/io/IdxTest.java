package dev.spectral.io;

import static dev.spectral.io.Failures.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.kernel.Points;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    @TempDir
    Path dir;

    /** Pixel bytes of 3 images of 2 x 3, covering 0, 255 and values above 127 (which are negative as Java bytes). */
    private static final int[] PIXELS = {0, 1, 127, 128, 200, 255, 10, 20, 30, 40, 50, 60, 255, 254, 253, 0, 0, 9};

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsSyntheticImages(boolean gzip) throws IOException {
        Path f = write("images", gzip, images(3, 2, 3, PIXELS));
        Points p = Idx.readImages(f, 0);
        assertEquals(3, p.size());
        assertEquals(6, p.dimension());
        for (int k = 0; k < PIXELS.length; k++) {
            assertEquals(PIXELS[k] / 255.0, p.data()[k], 0.0, "pixel " + k);
        }
        Points two = Idx.readImages(f, 2);
        assertEquals(2, two.size());
        assertArrayEquals(Arrays.copyOf(p.data(), 12), two.data(), 0.0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsSyntheticLabels(boolean gzip) throws IOException {
        Path f = write("labels", gzip, labels(0, 9, 255, 3));
        assertArrayEquals(new int[] {0, 9, 255, 3}, Idx.readLabels(f, 0));
        assertArrayEquals(new int[] {0, 9}, Idx.readLabels(f, 2));
    }

    @Test
    void readsFashionMnistLikeNumpy() throws IOException {
        Path images = Idx.FASHION_MNIST_TRAIN;
        Path labels = images.resolveSibling("train-labels-idx1-ubyte.gz");
        Assumptions.assumeTrue(Files.isReadable(images) && Files.isReadable(labels), "Fashion-MNIST is not installed");
        Python.assumeNumpy();
        Python.run(dir, """
                import gzip, numpy as np
                with gzip.open('%s') as f:
                    x = np.frombuffer(f.read(16 + 3 * 784), dtype=np.uint8, offset=16).reshape(3, 784)
                with gzip.open('%s') as f:
                    y = np.frombuffer(f.read(8 + 10), dtype=np.uint8, offset=8)
                np.savetxt('pixels.txt', x, fmt='%%d')
                np.savetxt('labels.txt', y, fmt='%%d')
                w = np.arange(1, 785, dtype=np.int64)
                open('checksum.txt', 'w').write(str(int((x[0].astype(np.int64) * w).sum())))
                """.formatted(images, labels));
        Points p = Idx.readImages(images, 3);
        assertEquals(3, p.size());
        assertEquals(784, p.dimension());
        assertTrue(Arrays.stream(p.data()).allMatch(v -> v >= 0 && v <= 1), "pixels in [0, 1]");
        long checksum = 0;
        for (int k = 0; k < 784; k++) {
            checksum += (k + 1) * Math.round(p.data()[k] * 255);
        }
        assertEquals(Long.parseLong(Files.readString(dir.resolve("checksum.txt")).strip()), checksum);
        double[] numpyPixels = Python.readText(dir.resolve("pixels.txt")).transpose().data(); // image after image
        for (int k = 0; k < numpyPixels.length; k++) {
            assertEquals(numpyPixels[k] / 255.0, p.data()[k], 0.0, "pixel " + k);
        }
        int[] expectedLabels = Arrays.stream(Python.readText(dir.resolve("labels.txt")).data()).mapToInt(v -> (int) v).toArray();
        assertArrayEquals(expectedLabels, Idx.readLabels(labels, 10));
    }

    @Test
    void rejectsMissingFile() {
        Path f = dir.resolve("absent-idx3-ubyte");
        assertInvalid(() -> Idx.readImages(f, 0), f, "no such file");
        assertInvalid(() -> Idx.readLabels(f, 0), f, "no such file");
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path lbl = write("labels", false, labels(1, 2));
        assertInvalid(() -> Idx.readImages(lbl, 0), lbl, "not an idx3 image file (magic 0x801)");
        Path img = write("images", false, images(1, 1, 1, new int[] {5}));
        assertInvalid(() -> Idx.readLabels(img, 0), img, "not an idx1 label file (magic 0x803)");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedHeader(boolean gzip) throws IOException {
        Path f = write("images", gzip, Arrays.copyOf(images(3, 2, 3, PIXELS), 10));
        assertInvalid(() -> Idx.readImages(f, 0), f, "truncated idx file (incomplete header)");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedData(boolean gzip) throws IOException {
        byte[] whole = images(3, 2, 3, PIXELS);
        Path f = write("images", gzip, Arrays.copyOf(whole, whole.length - 4));
        assertInvalid(() -> Idx.readImages(f, 0), f, "truncated idx file (data ends in image 2 of 3)");
        assertEquals(2, Idx.readImages(f, 2).size(), "the complete images before the cut still read");
        byte[] lbl = labels(1, 2, 3);
        Path g = write("labels", gzip, Arrays.copyOf(lbl, lbl.length - 1));
        assertInvalid(() -> Idx.readLabels(g, 0), g, "truncated idx file (data ends at label 2 of 3)");
    }

    @Test
    void rejectsGzipCutMidStream() throws IOException {
        Path whole = write("images", true, images(3, 2, 3, PIXELS));
        byte[] gz = Files.readAllBytes(whole);
        Path f = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        assertInvalid(() -> Idx.readImages(f, 0), f, "truncated");
    }

    @Test
    void rejectsAskingForMoreThanTheFileHolds() throws IOException {
        Path f = write("images", false, images(3, 2, 3, PIXELS));
        assertInvalid(() -> Idx.readImages(f, 4), f, "holds 3 images, 4 were asked for");
        Path g = write("labels", false, labels(1, 2));
        assertInvalid(() -> Idx.readLabels(g, 3), g, "holds 2 labels, 3 were asked for");
    }

    @Test
    void rejectsBadDimensions() throws IOException {
        Path f = write("images", false, images(2, 0, 3, new int[0]));
        assertInvalid(() -> Idx.readImages(f, 0), f, "bad idx3 dimensions 2 x 0 x 3");
    }

    private static byte[] images(int count, int rows, int cols, int[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length).putInt(0x803).putInt(count).putInt(rows).putInt(cols);
        for (int v : pixels) {
            b.put((byte) v);
        }
        return b.array();
    }

    private static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length).putInt(0x801).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    private Path write(String name, boolean gzip, byte[] content) throws IOException {
        Path f = dir.resolve(name + (gzip ? ".gz" : ""));
        if (!gzip) {
            return Files.write(f, content);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return Files.write(f, bytes.toByteArray());
    }
}
