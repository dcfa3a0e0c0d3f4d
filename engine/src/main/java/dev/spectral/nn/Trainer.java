package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import java.util.SplittableRandom;

/**
 * Mini-batch training of an {@link Mlp} by SGD or Adam: each epoch visits the examples once in a fresh random order
 * (seeded), each step takes the mean-loss gradient of one batch (chunked over the network's threads, one GEMM per
 * layer per chunk). Only what the curvature analyses need: no regularization, schedules or early stopping.
 */
public final class Trainer {
    private Trainer() {}

    /** Settings. {@link #defaults()}: Adam, learning rate 1e-3, batch 128, 3 epochs, seed 1. */
    public record Options(Optimizer optimizer, double learningRate, int batchSize, int epochs, long seed) {
        public Options {
            if (optimizer == null) {
                throw new InvalidInputException("training needs an optimizer");
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new InvalidInputException("the learning rate must be positive, got " + learningRate);
            }
            if (batchSize < 1 || epochs < 0) {
                throw new InvalidInputException("batch size must be >= 1 and epochs >= 0, got " + batchSize + " and " + epochs);
            }
        }

        public static Options defaults() {
            return new Options(Optimizer.ADAM, 1e-3, 128, 3, 1);
        }

        public Options withEpochs(int e) {
            return new Options(optimizer, learningRate, batchSize, e, seed);
        }

        public Options withOptimizer(Optimizer o, double lr) {
            return new Options(o, lr, batchSize, epochs, seed);
        }

        public Options withSeed(long s) {
            return new Options(optimizer, learningRate, batchSize, epochs, s);
        }
    }

    /** Called after every step with the batch's mean loss. */
    @FunctionalInterface
    public interface Listener {
        void step(int epoch, int step, int stepsPerEpoch, double batchLoss);
    }

    /**
     * The trained parameters and the mean batch loss of each epoch.
     *
     * @param parameters θ after training (a new array)
     * @param epochLoss  mean over each epoch's batches of the batch loss (measured before each step)
     * @param steps      optimizer steps taken
     * @param seconds    wall time
     */
    public record Result(double[] parameters, double[] epochLoss, int steps, double seconds) {}

    /** Trains from θ (not modified). */
    public static Result train(Mlp mlp, double[] theta, Loss loss, Dataset data, Options options, Listener listener) {
        mlp.check(theta, data);
        long start = System.nanoTime();
        int p = theta.length;
        int n = data.size();
        int dim = data.dimension();
        int b = Math.min(options.batchSize(), n);
        int steps = (n + b - 1) / b;
        double[] w = theta.clone();
        double[] m1 = options.optimizer() == Optimizer.ADAM ? new double[p] : null;
        double[] m2 = options.optimizer() == Optimizer.ADAM ? new double[p] : null;
        double[] epochLoss = new double[options.epochs()];
        SplittableRandom rng = new SplittableRandom(options.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] labels = data.labelsView();
        int t = 0;
        for (int e = 0; e < options.epochs(); e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            double sum = 0;
            for (int s = 0; s < steps; s++) {
                int from = s * b;
                int m = Math.min(b, n - from);
                double[] x = new double[m * dim];
                int[] y = new int[m];
                for (int k = 0; k < m; k++) {
                    System.arraycopy(data.inputs(), order[from + k] * dim, x, k * dim, dim);
                    y[k] = labels[order[from + k]];
                }
                Mlp.LossGradient lg = mlp.gradient(w, loss, Dataset.wrap(dim, x, y, data.classes()));
                if (!Double.isFinite(lg.loss())) {
                    throw new InvalidInputException("training diverged (loss " + lg.loss() + " at epoch " + (e + 1)
                            + ", step " + (s + 1) + "); lower the learning rate");
                }
                sum += lg.loss();
                t++;
                update(options, w, lg.gradient(), m1, m2, t);
                if (listener != null) {
                    listener.step(e, s, steps, lg.loss());
                }
            }
            epochLoss[e] = sum / steps;
        }
        return new Result(w, epochLoss, t, (System.nanoTime() - start) / 1e9);
    }

    private static void update(Options o, double[] w, double[] g, double[] m1, double[] m2, int t) {
        double lr = o.learningRate();
        if (o.optimizer() == Optimizer.SGD) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
            return;
        }
        double b1 = 0.9;
        double b2 = 0.999;
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < w.length; i++) {
            m1[i] = b1 * m1[i] + (1 - b1) * g[i];
            m2[i] = b2 * m2[i] + (1 - b2) * g[i] * g[i];
            w[i] -= lr * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + 1e-8);
        }
    }
}
