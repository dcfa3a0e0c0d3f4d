package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.kernel.Points;
import dev.spectral.matrix.DenseMatrix;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The idx format of (Fashion-)MNIST: unsigned-byte images or labels, optionally gzipped. */
public final class Idx {
    /** Where Debian's dataset-fashion-mnist package puts the training images. */
    public static final Path FASHION_MNIST_TRAIN =
            Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    /** Debian's Fashion-MNIST test images (10,000), which follow the 60,000 training images in {@link #readFashionMnist}. */
    public static final Path FASHION_MNIST_TEST =
            Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
    /** Training plus test images. */
    public static final int FASHION_MNIST_ALL = 70_000;

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /**
     * Reads the first {@code limit} images (all when limit <= 0) as points in [0, 1]^(rows·cols), pixel values / 255.
     */
    public static Points readImages(Path file, int limit) {
        try (DataInputStream in = open(file, IMAGES_MAGIC, "idx3 image")) {
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 1 || rows < 1 || cols < 1) {
                throw new InvalidInputException(file + ": bad idx3 dimensions " + count + " x " + rows + " x " + cols);
            }
            int n = wanted(file, limit, count, "images");
            if ((long) rows * cols * n > DenseMatrix.MAX_ELEMENTS) {
                throw new InvalidInputException(file + ": " + n + " images of " + rows + " x " + cols
                        + " pixels are too many to hold in memory");
            }
            int d = rows * cols;
            byte[] raw = new byte[d];
            double[] data = new double[n * d];
            for (int i = 0; i < n; i++) {
                try {
                    in.readFully(raw);
                } catch (EOFException e) {
                    throw new InvalidInputException(file + ": truncated idx file (data ends in image " + i + " of " + count + ")");
                }
                for (int k = 0; k < d; k++) {
                    data[i * d + k] = (raw[k] & 0xff) / 255.0;
                }
            }
            return Points.ofColumns(n, d, data);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /**
     * The first {@code limit} of all 70,000 Fashion-MNIST images (all when limit <= 0): the 60,000 training images in
     * file order, then the 10,000 test images, so that the first n points are the same for every n.
     */
    public static Points readFashionMnist(int limit) {
        int n = limit > 0 ? limit : FASHION_MNIST_ALL;
        if (n > FASHION_MNIST_ALL) {
            throw new InvalidInputException("Fashion-MNIST has " + FASHION_MNIST_ALL + " images (60000 training + 10000 "
                    + "test), " + n + " were asked for");
        }
        Points train = readImages(FASHION_MNIST_TRAIN, Math.min(n, 60_000));
        if (n <= 60_000) {
            return train;
        }
        Points test = readImages(FASHION_MNIST_TEST, n - 60_000);
        int d = train.dimension();
        double[] all = java.util.Arrays.copyOf(train.data(), n * d);
        System.arraycopy(test.data(), 0, all, train.size() * d, test.size() * d);
        return Points.ofColumns(n, d, all);
    }

    /** Reads the first {@code limit} labels (all when limit <= 0). */
    public static int[] readLabels(Path file, int limit) {
        try (DataInputStream in = open(file, LABELS_MAGIC, "idx1 label")) {
            int count = in.readInt();
            if (count < 0) {
                throw new InvalidInputException(file + ": bad idx1 label count " + count);
            }
            int n = wanted(file, limit, count, "labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                try {
                    labels[i] = in.readUnsignedByte();
                } catch (EOFException e) {
                    throw new InvalidInputException(file + ": truncated idx file (data ends at label " + i + " of " + count + ")");
                }
            }
            return labels;
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    private static int wanted(Path file, int limit, int count, String what) {
        int n = limit > 0 ? limit : count;
        if (n > count) {
            throw new InvalidInputException(file + " holds " + count + " " + what + ", " + n + " were asked for");
        }
        return n;
    }

    /** Opens the (possibly gzipped) file and checks its magic number. */
    private static DataInputStream open(Path file, int magic, String kind) throws IOException {
        DataInputStream in = new DataInputStream(Inputs.open(file));
        try {
            int found = in.readInt();
            if (found != magic) {
                throw new InvalidInputException(file + ": not an " + kind + " file (magic 0x" + Integer.toHexString(found) + ")");
            }
            return in;
        } catch (RuntimeException | IOException e) {
            in.close();
            throw e;
        }
    }

    private static InvalidInputException failure(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new InvalidInputException(file + ": truncated idx file (incomplete header)");
        }
        if (e instanceof NoSuchFileException && file.equals(FASHION_MNIST_TRAIN)) {
            return new InvalidInputException(file + ": no such file (install Debian's dataset-fashion-mnist, or run make deps)");
        }
        return Inputs.failure(file, e);
    }
}
