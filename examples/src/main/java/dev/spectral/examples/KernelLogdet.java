package dev.spectral.examples;

import dev.spectral.Backends;
import dev.spectral.io.Idx;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.KernelMatrix;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;

/**
 * The Java API in a few lines: an RBF kernel on the first 1000 Fashion-MNIST images, its top eigenvalues and its exact
 * log-determinant. Run with {@code java --enable-native-access=ALL-UNNAMED -Xss16m -cp ... dev.spectral.examples.KernelLogdet}.
 */
public final class KernelLogdet {
    private KernelLogdet() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Points x = Idx.readImages(Idx.FASHION_MNIST_TRAIN, n);
        DenseMatrix k = KernelMatrix.dense(x, new Kernel.Rbf(10.0), 1e-3);
        try (DenseBackend backend = Backends.open("auto")) {
            double[] top = backend.eigh(k, EigenSelection.largest(5), false).values();
            LogDet ld = backend.logdet(k, Factorization.CHOLESKY);
            System.out.printf("n = %d, backend = %s (%s)%n", n, backend.name(), backend.device());
            System.out.printf("top-5 eigenvalues: %s%n", java.util.Arrays.toString(top));
            System.out.printf("log det K = %.10f (sign %d, %s)%n", ld.logAbsDet(), ld.sign(), ld.factorization());
        }
    }
}
