package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import dev.spectral.io.Idx;
import dev.spectral.kernel.Points;
import java.nio.file.Path;

/**
 * Inputs and class labels: n examples of dimension d, held column-major (each example contiguous, d x n), labels in
 * [0, classes). Immutable; {@link #inputs()} returns the backing array, which callers must not modify.
 */
public final class Dataset {
    /** Fashion-MNIST's files as Debian's dataset-fashion-mnist package installs them. */
    public static final Path FASHION_MNIST_DIR = Idx.FASHION_MNIST_TRAIN.getParent();

    private final int dimension;
    private final int size;
    private final double[] inputs;
    private final int[] labels;
    private final int classes;

    private Dataset(int dimension, int size, double[] inputs, int[] labels, int classes) {
        this.dimension = dimension;
        this.size = size;
        this.inputs = inputs;
        this.labels = labels;
        this.classes = classes;
    }

    /** A data set from a d x n column-major input array (copied) and n labels in [0, classes). */
    public static Dataset of(int dimension, double[] inputs, int[] labels, int classes) {
        if (dimension < 1 || classes < 1) {
            throw new InvalidInputException("a data set needs dimension >= 1 and classes >= 1, got " + dimension + " and " + classes);
        }
        int n = labels.length;
        if (n < 1 || (long) n * dimension != inputs.length) {
            throw new InvalidInputException("a data set of " + n + " labels needs " + (long) n * dimension
                    + " input values (d = " + dimension + "), got " + inputs.length);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException("label " + labels[i] + " of example " + i + " is outside [0, " + classes + ")");
            }
        }
        for (double v : inputs) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException("a data set input is not finite: " + v);
            }
        }
        return new Dataset(dimension, n, inputs.clone(), labels.clone(), classes);
    }

    /** The first {@code limit} examples (all when limit <= 0) of an idx image file and its label file, pixels / 255. */
    public static Dataset fromIdx(Path images, Path labels, int limit, int classes) {
        Points x = Idx.readImages(images, limit);
        int[] y = Idx.readLabels(labels, x.size());
        return of(x.dimension(), x.data(), y, classes);
    }

    /** The first {@code limit} of Fashion-MNIST's 60,000 training images (all when limit <= 0), 10 classes. */
    public static Dataset fashionMnistTrain(int limit) {
        return fromIdx(FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz"),
                FASHION_MNIST_DIR.resolve("train-labels-idx1-ubyte.gz"), limit, 10);
    }

    /** The first {@code limit} of Fashion-MNIST's 10,000 test images (all when limit <= 0), 10 classes. */
    public static Dataset fashionMnistTest(int limit) {
        return fromIdx(FASHION_MNIST_DIR.resolve("t10k-images-idx3-ubyte.gz"),
                FASHION_MNIST_DIR.resolve("t10k-labels-idx1-ubyte.gz"), limit, 10);
    }

    /** Examples [from, to) as a new data set. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new InvalidInputException("cannot take examples [" + from + ", " + to + ") of a data set of " + size);
        }
        double[] x = java.util.Arrays.copyOfRange(inputs, from * dimension, to * dimension);
        int[] y = java.util.Arrays.copyOfRange(labels, from, to);
        return new Dataset(dimension, to - from, x, y, classes);
    }

    /** The first n examples. */
    public Dataset head(int n) {
        return n >= size ? this : slice(0, n);
    }

    public int dimension() {
        return dimension;
    }

    public int size() {
        return size;
    }

    public int classes() {
        return classes;
    }

    /** The d x n column-major inputs (not copied: do not modify). */
    public double[] inputs() {
        return inputs;
    }

    /** Label of example i. */
    public int label(int i) {
        return labels[i];
    }

    /** The labels (copied). */
    public int[] labels() {
        return labels.clone();
    }

    /** A data set over arrays the caller hands over (no checks, no copies: for batches built from checked data). */
    static Dataset wrap(int dimension, double[] inputs, int[] labels, int classes) {
        return new Dataset(dimension, labels.length, inputs, labels, classes);
    }

    int[] labelsView() {
        return labels;
    }
}
