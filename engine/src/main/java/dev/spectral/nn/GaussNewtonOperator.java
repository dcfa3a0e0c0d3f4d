package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.nn.Chunks;
import dev.spectral.internal.nn.Network;
import dev.spectral.operator.LinearOperator;

/**
 * The generalized Gauss-Newton matrix G = (1/n) Σ J_iᵀ H_ℓ,i J_i over a data set (P x P), where J_i = ∂z(x_i)/∂θ is
 * the d x P output Jacobian and H_ℓ,i the Hessian of the loss in the outputs. For softmax cross-entropy it equals the
 * Fisher information of the model's predictive distribution; it is the Hessian without the terms weighted by the
 * output gradient, and positive semidefinite. Products: a Jacobian-vector product (R-forward pass), H_ℓ per example,
 * then a vector-Jacobian product (backward pass). Thread-safe.
 */
public final class GaussNewtonOperator implements LinearOperator {
    private final Mlp mlp;
    private final Network net;
    private final double[] theta;
    private final Loss loss;
    private final int n;
    private final Chunks chunks;
    private final Network.Tape[] tapes;

    private GaussNewtonOperator(Mlp mlp, double[] theta, Loss loss, Dataset data) {
        this.mlp = mlp;
        this.net = mlp.network();
        this.theta = theta.clone();
        this.loss = loss;
        this.n = data.size();
        this.chunks = new Chunks(n, mlp.threads());
        this.tapes = new Network.Tape[chunks.count()];
        int[] labels = data.labelsView();
        chunks.each(c -> {
            Network.Tape t = net.forward(this.theta, data.inputs(), chunks.first(c), chunks.size(c));
            net.outputGradient(t, loss, labels, chunks.first(c), 1.0);
            tapes[c] = t;
        });
    }

    /** The Gauss-Newton matrix of the mean loss of {@code mlp} at θ (copied) over {@code data}. */
    public static GaussNewtonOperator of(Mlp mlp, double[] theta, Loss loss, Dataset data) {
        if (loss == null) {
            throw new InvalidInputException("the Gauss-Newton matrix needs a loss");
        }
        mlp.check(theta, data);
        return new GaussNewtonOperator(mlp, theta, loss, data);
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
    public boolean positiveSemidefinite() {
        return true;
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        int p = net.parameters();
        double scale = 1.0 / n;
        for (int col = 0; col < k; col++) {
            double[] v = java.util.Arrays.copyOfRange(x, col * p, (col + 1) * p);
            double[] gv = chunks.sum(p, (c, acc) -> {
                Network.Tape t = tapes[c];
                double[][] rz = net.rForward(theta, v, t, new double[net.layers()][]);
                double[] u = rz[net.layers() - 1];
                net.lossHessianTimes(t, loss, u, scale);
                net.vjp(theta, t, u, acc);
            });
            System.arraycopy(gv, 0, y, col * p, p);
        }
    }

    @Override
    public String description() {
        return "Gauss-Newton matrix of the " + HessianOperator.lossName(loss) + " of " + mlp + " over " + n + " examples";
    }
}
