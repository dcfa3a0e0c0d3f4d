package dev.spectral.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TrainerTest {
    @Test
    void adamLearnsFashionMnistAndIsReproducible() {
        Assumptions.assumeTrue(Files.exists(Dataset.FASHION_MNIST_DIR.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST is not installed");
        Dataset train = Dataset.fashionMnistTrain(3000);
        Dataset test = Dataset.fashionMnistTest(1000);
        Mlp mlp = Mlp.of(Activation.RELU, 784, 32, 10);
        double[] t0 = mlp.initialParameters(1);
        double before = mlp.accuracy(t0, test);
        Trainer.Result r = Trainer.train(mlp, t0, Loss.SOFTMAX_CROSS_ENTROPY, train, Trainer.Options.defaults(), null);
        double after = mlp.accuracy(r.parameters(), test);
        // chance is 0.1; a linear classifier reaches ~0.8 on Fashion-MNIST, 3 epochs on 3000 images get close
        assertTrue(after > 0.72, "test accuracy " + after + " (before training " + before + ")");
        assertTrue(r.epochLoss()[2] < r.epochLoss()[0], "the epoch loss decreases");
        Trainer.Result again = Trainer.train(mlp, t0, Loss.SOFTMAX_CROSS_ENTROPY, train, Trainer.Options.defaults(), null);
        assertArrayEquals(r.parameters(), again.parameters(), 0.0, "same seed, same threads, same parameters");
    }

    @Test
    void sgdDecreasesASquaredLoss() {
        Dataset data = NnOperatorsTest.synthetic(200, 3);
        Mlp mlp = Mlp.of(Activation.TANH, 12, 10, 4);
        double[] t0 = mlp.initialParameters(2);
        double l0 = mlp.loss(t0, Loss.SQUARED, data);
        Trainer.Result r = Trainer.train(mlp, t0, Loss.SQUARED, data,
                new Trainer.Options(Optimizer.SGD, 0.05, 20, 5, 1), null);
        assertTrue(mlp.loss(r.parameters(), Loss.SQUARED, data) < 0.7 * l0);
    }
}
