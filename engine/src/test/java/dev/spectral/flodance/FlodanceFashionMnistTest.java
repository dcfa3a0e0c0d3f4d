package dev.spectral.flodance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.io.Idx;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import dev.spectral.outofcore.TileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FLODANCE on a real kernel, settings fixed in advance (not tuned): RBF kernel on the first 2000 Fashion-MNIST
 * training images, lengthscale = median pairwise distance of the first 500 (the median heuristic), nugget 1e-6;
 * default FLODANCE options (q = 2, burn-in n_s/10) fitted on n_s = 500 and compared with the exact log-determinants at
 * 1000 and 2000 from one Cholesky. The check is that the truth lies inside the stated 95% interval; the numbers are
 * printed for the record (measured: relative errors 2.1% at 1000 and 5.6% at 2000, both at 0.8 standard errors).
 */
class FlodanceFashionMnistTest {
    @TempDir
    Path tmp;

    @Test
    void predictionsFromFiveHundredPointsContainTheExactValues() {
        Assumptions.assumeTrue(Files.exists(Idx.FASHION_MNIST_TRAIN), "Fashion-MNIST not installed");
        int n = 2000;
        int ns = 500;
        Points x = Idx.readImages(Idx.FASHION_MNIST_TRAIN, n);
        double ell = medianDistance(x, ns);
        OutOfCoreResult exact = OutOfCore.factor(TileSource.kernel(x, new Kernel.Rbf(ell), 1e-6),
                OutOfCoreOptions.of(Factorization.CHOLESKY, 1L << 30).withScratchDir(tmp.resolve("s")));
        double[] y = exact.leading().logAbsDet();
        FlodanceModel model = Flodance.fit(Arrays.copyOf(y, ns), FlodanceOptions.defaults());
        System.out.printf("lengthscale %.4f, nu = %.4f ± %.4f, c = %.4f, residual sd %.4f, rho %.3f%n", ell,
                model.nu(), model.nuStandardError(), model.constant(), model.residualSd(), model.autocorrelation());
        for (int target : new int[] {1000, 2000}) {
            Prediction p = model.predict(target);
            double truth = y[target - 1];
            System.out.printf("n = %d: exact %.3f, predicted %.3f ± %.3f (relative error %.2e, %.2f standard "
                    + "errors)%n", target, truth, p.logdet(), p.standardError(), (p.logdet() - truth) / Math.abs(truth),
                    (p.logdet() - truth) / p.standardError());
            assertTrue(Math.abs(p.logdet() - truth) <= 1.96 * p.standardError(),
                    "n = " + target + ": " + p + " vs exact " + truth);
        }
    }

    static double medianDistance(Points x, int m) {
        int d = x.dimension();
        double[] xs = x.data();
        double[] dist = new double[m * (m - 1) / 2];
        int c = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double t = xs[i * d + k] - xs[j * d + k];
                    s += t * t;
                }
                dist[c++] = Math.sqrt(s);
            }
        }
        Arrays.sort(dist);
        return dist[dist.length / 2];
    }
}
