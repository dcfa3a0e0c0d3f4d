package dev.spectral.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spectral.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedNpyTest {
    @TempDir
    Path tmp;

    /** Writes a .npy file of any dtype and order by hand (the reference layout of the format). */
    static Path write(Path file, double[][] a, String descr, boolean fortran, int headerAlign) throws IOException {
        int r = a.length;
        int c = a[0].length;
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + r
                + ", " + c + "), }";
        int pad = (headerAlign - (10 + dict.length() + 1) % headerAlign) % headerAlign;
        String header = dict + " ".repeat(pad) + "\n";
        int es = descr.endsWith("4") ? 4 : 8;
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + r * c * es);
        buf.order(ByteOrder.LITTLE_ENDIAN).put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                .putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        buf.order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < r * c; k++) {
            int i = fortran ? k % r : k / c;
            int j = fortran ? k / r : k % c;
            if (es == 4) {
                buf.putFloat((float) a[i][j]);
            } else {
                buf.putDouble(a[i][j]);
            }
        }
        Files.write(file, buf.array());
        return file;
    }

    static double[][] random(int r, int c, long seed) {
        Random rnd = new Random(seed);
        double[][] a = new double[r][c];
        for (double[] row : a) {
            for (int j = 0; j < c; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return a;
    }

    private static void checkTiles(MappedNpy npy, double[][] a, boolean float32, long seed) {
        Random rnd = new Random(seed);
        int r = a.length;
        int c = a[0].length;
        for (int t = 0; t < 40; t++) {
            int r0 = rnd.nextInt(r);
            int r1 = r0 + 1 + rnd.nextInt(r - r0);
            int c0 = rnd.nextInt(c);
            int c1 = c0 + 1 + rnd.nextInt(c - c0);
            int ld = (r1 - r0) + rnd.nextInt(3);
            int off = rnd.nextInt(5);
            double[] out = new double[off + ld * (c1 - c0)];
            npy.readTile(r0, r1, c0, c1, out, off, ld);
            for (int j = c0; j < c1; j++) {
                for (int i = r0; i < r1; i++) {
                    double expect = float32 ? (double) (float) a[i][j] : a[i][j];
                    assertEquals(expect, out[off + (i - r0) + (j - c0) * ld], 0.0, "(" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void everyDtypeOrderAndEndianness() throws IOException {
        double[][] a = random(37, 23, 1);
        int k = 0;
        for (String descr : new String[] {"<f8", ">f8", "<f4", ">f4"}) {
            for (boolean fortran : new boolean[] {false, true}) {
                Path f = write(tmp.resolve("m" + k++ + ".npy"), a, descr, fortran, 64);
                for (long window : new long[] {MappedNpy.MAX_WINDOW_BYTES, 100, 8}) {
                    try (MappedNpy npy = MappedNpy.open(f, window)) {
                        assertEquals(37, npy.rows());
                        assertEquals(23, npy.cols());
                        checkTiles(npy, a, descr.endsWith("4"), k * 31L + window);
                    }
                }
            }
        }
    }

    @Test
    void unalignedDataOffset() throws IOException {
        double[][] a = random(9, 11, 2);
        Path f = write(tmp.resolve("odd.npy"), a, "<f8", false, 3); // header length not a multiple of 8
        try (MappedNpy npy = MappedNpy.open(f)) {
            checkTiles(npy, a, false, 5);
        }
    }

    @Test
    void agreesWithNumpy() throws Exception {
        Path f = tmp.resolve("np.npy");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import numpy as np, sys\n"
                    + "a = (np.arange(6*5).reshape(6, 5) * 0.25 - 3).astype('>f4')\n"
                    + "np.save(sys.argv[1], np.asfortranarray(a))", f.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not available");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "numpy not available: " + out);
        try (MappedNpy npy = MappedNpy.open(f)) {
            double[] tile = new double[3 * 2];
            npy.readTile(2, 5, 1, 3, tile, 0, 3);
            for (int j = 1; j < 3; j++) {
                for (int i = 2; i < 5; i++) {
                    assertEquals((i * 5 + j) * 0.25 - 3, tile[(i - 2) + (j - 1) * 3], 0.0);
                }
            }
        }
    }

    @Test
    void refusesTilesOutsideTheMatrix() throws IOException {
        Path f = write(tmp.resolve("s.npy"), random(4, 4, 3), "<f8", false, 64);
        try (MappedNpy npy = MappedNpy.open(f)) {
            assertThrows(InvalidInputException.class, () -> npy.readTile(0, 5, 0, 1, new double[10], 0, 5));
        }
    }
}
