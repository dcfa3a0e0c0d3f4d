package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.nn.Chunks;
import dev.spectral.internal.nn.Network;
import dev.spectral.operator.LinearOperator;

/**
 * The exact Hessian ∇²θ L of the mean loss L(θ) = (1/n) Σ ℓ(z(x_i; θ), y_i) over a data set, P x P, known through
 * Hessian-vector products by forward-over-reverse differentiation (Pearlmutter's R-operator, see
 * {@link Network}): one R-forward and one R-backward pass per vector, about the cost of two gradients, with no
 * differencing error. The forward and backward passes at θ are run once at construction and kept (memory about
 * 4·(hidden widths + outputs)·n doubles). Not positive semidefinite in general. Thread-safe.
 */
public final class HessianOperator implements LinearOperator {
    private final Mlp mlp;
    private final Network net;
    private final double[] theta;
    private final Loss loss;
    private final int n;
    private final Chunks chunks;
    private final Network.Tape[] tapes;
    private final double value;
    private final double[] gradient;

    private HessianOperator(Mlp mlp, double[] theta, Loss loss, Dataset data) {
        this.mlp = mlp;
        this.net = mlp.network();
        this.theta = theta.clone();
        this.loss = loss;
        this.n = data.size();
        this.chunks = new Chunks(n, mlp.threads());
        this.tapes = new Network.Tape[chunks.count()];
        int p = net.parameters();
        int[] labels = data.labelsView();
        double[] acc = chunks.sum(p + 1, (c, a) -> {
            Network.Tape t = net.forward(this.theta, data.inputs(), chunks.first(c), chunks.size(c));
            a[p] += net.outputGradient(t, loss, labels, chunks.first(c), 1.0 / n);
            net.backward(this.theta, t, a);
            tapes[c] = t;
        });
        this.value = acc[p] / n;
        this.gradient = java.util.Arrays.copyOf(acc, p);
    }

    /** The Hessian of the mean loss of {@code mlp} at θ (copied) over {@code data}. */
    public static HessianOperator of(Mlp mlp, double[] theta, Loss loss, Dataset data) {
        if (loss == null) {
            throw new InvalidInputException("the Hessian needs a loss");
        }
        mlp.check(theta, data);
        return new HessianOperator(mlp, theta, loss, data);
    }

    /** The mean loss at θ. */
    public double loss() {
        return value;
    }

    /** The gradient of the mean loss at θ (computed by the same passes; copied). */
    public double[] gradient() {
        return gradient.clone();
    }

    @Override
    public int rows() {
        return net.parameters();
    }

    @Override
    public int cols() {
        return net.parameters();
    }

    @Override
    public boolean symmetric() {
        return true;
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        int p = net.parameters();
        double scale = 1.0 / n;
        for (int col = 0; col < k; col++) {
            double[] v = java.util.Arrays.copyOfRange(x, col * p, (col + 1) * p);
            double[] hv = chunks.sum(p, (c, acc) -> {
                Network.Tape t = tapes[c];
                double[][] ra = new double[net.layers()][];
                double[][] rz = net.rForward(theta, v, t, ra);
                double[] rg = rz[net.layers() - 1].clone();
                net.lossHessianTimes(t, loss, rg, scale);
                net.rBackward(theta, v, t, rz, ra, rg, acc);
            });
            System.arraycopy(hv, 0, y, col * p, p);
        }
    }

    @Override
    public String description() {
        return "Hessian of the " + lossName(loss) + " of " + mlp + " over " + n + " examples";
    }

    static String lossName(Loss loss) {
        return loss == Loss.SOFTMAX_CROSS_ENTROPY ? "cross-entropy loss" : "squared loss";
    }
}
