package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Points;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The idx format of (Fashion-)MNIST: unsigned-byte images or labels, optionally gzipped. */
public final class Idx {
    /** Where Debian's dataset-fashion-mnist package puts the training images. */
    public static final Path FASHION_MNIST_TRAIN =
            Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

    private Idx() {}

    /**
     * Reads the first {@code limit} images (all when limit <= 0) as points in [0, 1]^(rows·cols), pixel values / 255.
     */
    public static Points readImages(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new InvalidInputException(file + ": not an idx3 image file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 1 || rows < 1 || cols < 1) {
                throw new InvalidInputException(file + ": bad idx3 dimensions " + count + " x " + rows + " x " + cols);
            }
            int n = limit > 0 ? limit : count;
            if (n > count) {
                throw new InvalidInputException(file + " holds " + count + " images, " + n + " were asked for");
            }
            int d = rows * cols;
            byte[] raw = new byte[d];
            double[] data = new double[Math.multiplyExact(n, d)];
            for (int i = 0; i < n; i++) {
                in.readFully(raw);
                for (int k = 0; k < d; k++) {
                    data[i * d + k] = (raw[k] & 0xff) / 255.0;
                }
            }
            return Points.ofColumns(n, d, data);
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": truncated idx file");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file" + (file.equals(FASHION_MNIST_TRAIN)
                    ? " (install Debian's dataset-fashion-mnist, or run make deps)" : ""));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the first {@code limit} labels (all when limit <= 0). */
    public static int[] readLabels(Path file, int limit) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw new InvalidInputException(file + ": not an idx1 label file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int count = in.readInt();
            int n = limit > 0 ? Math.min(limit, count) : count;
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (EOFException e) {
            throw new InvalidInputException(file + ": truncated idx file");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream in = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }
}
