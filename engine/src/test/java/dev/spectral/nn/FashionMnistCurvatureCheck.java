package dev.spectral.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The large check, opt-in (about 30 s on 2 cores, outside the unit-test budget; the name keeps it out of
 * surefire's default includes): run with {@code -Dtest=FashionMnistCurvatureCheck -Dspectral.slowChecks=true}. A 784-128-10 ReLU network (101,770
 * parameters) trained 3 epochs on Fashion-MNIST: test accuracy, about as many Hessian outliers as classes, and the
 * density/trace consistency.
 */
class FashionMnistCurvatureCheck {
    @Test
    void trainedNetworkHasClassOutliersAndConsistentTraces() {
        Assumptions.assumeTrue(Boolean.getBoolean("spectral.slowChecks"), "opt-in: -Dspectral.slowChecks=true");
        Assumptions.assumeTrue(Files.exists(Dataset.FASHION_MNIST_DIR.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed");
        Dataset train = Dataset.fashionMnistTrain(0);
        Mlp mlp = Mlp.of(Activation.RELU, 784, 128, 10);
        assertTrue(mlp.parameterCount() > 100_000);
        Trainer.Result r = Trainer.train(mlp, mlp.initialParameters(1), Loss.SOFTMAX_CROSS_ENTROPY, train,
                Trainer.Options.defaults(), null);
        double accuracy = mlp.accuracy(r.parameters(), Dataset.fashionMnistTest(0));
        assertTrue(accuracy > 0.84, "test accuracy " + accuracy);
        HessianOperator h = HessianOperator.of(mlp, r.parameters(), Loss.SOFTMAX_CROSS_ENTROPY, train.head(1000));
        CurvatureAnalysis.Report rep = CurvatureAnalysis.analyze(h, CurvatureAnalysis.Options.defaults(), null);
        // literature: about as many outliers as classes (C - 1 = 9 for cross-entropy's rank-(C-1) output Hessian)
        assertTrue(rep.outliers() >= 7 && rep.outliers() <= 12, "outliers " + rep.outliers() + " of "
                + java.util.Arrays.toString(rep.top().values()));
        assertTrue(rep.gapRatio() > 1.2, "gap ratio " + rep.gapRatio());
        assertEquals(h.rows(), rep.eigenvaluesInDensity(), 1e-4 * h.rows(), "the density integrates to the dimension");
        double se = Math.hypot(rep.trace().standardError(), rep.traceFromDensityStandardError());
        assertEquals(rep.trace().value(), rep.traceFromDensity(), 3 * se, "Hutch++ and density traces");
        // the density's support reaches the top eigenvalue (its Ritz values converge to it first)
        assertEquals(rep.top().values()[0], rep.density().upper(), 1e-3 * rep.top().values()[0]);
    }
}
