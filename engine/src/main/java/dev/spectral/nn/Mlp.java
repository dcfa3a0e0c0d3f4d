package dev.spectral.nn;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.estimate.Workers;
import dev.spectral.internal.nn.Chunks;
import dev.spectral.internal.nn.Network;
import dev.spectral.matrix.DenseMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fully-connected network x ↦ W_{L-1} σ(... σ(W_0 x + b_0) ...) + b_{L-1} with widths (input, hidden..., outputs)
 * and one activation σ between layers (none after the last). The architecture only: parameters are a flat vector θ
 * (per layer W_l, out x in column-major, then b_l) passed to every method, so one network serves many parameter
 * vectors. Work over a data set is split into chunks of 256 examples (one GEMM per layer per chunk) run on
 * {@code threads} workers (default: see {@link #withThreads}). Immutable and thread-safe.
 */
public final class Mlp {
    private final int[] widths;
    private final Activation activation;
    private final int threads;
    private final Network net;

    private Mlp(int[] widths, Activation activation, int threads) {
        this.widths = widths;
        this.activation = activation;
        this.threads = threads;
        this.net = new Network(widths, activation);
    }

    /** A network with the given widths (at least input and output) and activation, default threads (see {@link #withThreads}). */
    public static Mlp of(Activation activation, int... widths) {
        if (activation == null) {
            throw new InvalidInputException("a network needs an activation");
        }
        if (widths.length < 2) {
            throw new InvalidInputException("a network needs at least an input and an output width, got " + widths.length + " widths");
        }
        long p = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1) {
                throw new InvalidInputException("layer widths must be >= 1, got " + Arrays.toString(widths));
            }
            if (i > 0) {
                p += (long) widths[i - 1] * widths[i] + widths[i];
            }
        }
        if (p > DenseMatrix.MAX_ELEMENTS) {
            throw new InvalidInputException("a network of widths " + Arrays.toString(widths) + " has " + p
                    + " parameters, more than one array holds");
        }
        return new Mlp(widths.clone(), activation, defaultThreads());
    }

    /** Measured on 2 cores, 784-128-10, 1000 examples: gradient 124 ms with 2 x 2 threads, 36-50 ms otherwise. */
    private static int defaultThreads() {
        int blas = dev.spectral.internal.cpu.NetlibRuntime.get().openblasThreads();
        return blas > 1 ? 1 : Workers.defaultThreads();
    }

    /**
     * The same network with work on at most {@code threads} Java threads (results depend on the count only in
     * rounding). The default is all processors when OpenBLAS runs single-threaded (OPENBLAS_NUM_THREADS=1), else 1,
     * because concurrent GEMMs from several Java threads into a multithreaded OpenBLAS oversubscribe the cores (3-4x
     * slower measured on 2 cores).
     */
    public Mlp withThreads(int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        return new Mlp(widths, activation, threads);
    }

    public int[] widths() {
        return widths.clone();
    }

    public Activation activation() {
        return activation;
    }

    public int threads() {
        return threads;
    }

    public int inputs() {
        return widths[0];
    }

    public int outputs() {
        return widths[widths.length - 1];
    }

    /** The number of parameters P = Σ (in·out + out). */
    public int parameterCount() {
        return net.parameters();
    }

    /** Offset of layer l's weight matrix in θ. */
    public int weightOffset(int layer) {
        return net.weightOffset(layer);
    }

    /** Offset of layer l's bias in θ. */
    public int biasOffset(int layer) {
        return net.biasOffset(layer);
    }

    Network network() {
        return net;
    }

    /**
     * Random initial parameters: weights N(0, gain/in) with gain 2 for ReLU and GELU (He) and 1 for tanh
     * (LeCun), biases 0.
     */
    public double[] initialParameters(long seed) {
        double[] theta = new double[parameterCount()];
        SplittableRandom rng = new SplittableRandom(seed);
        double gain = activation == Activation.TANH ? 1 : 2;
        for (int l = 0; l < widths.length - 1; l++) {
            double s = Math.sqrt(gain / widths[l]);
            int o = net.weightOffset(l);
            for (int i = 0; i < widths[l] * widths[l + 1]; i++) {
                theta[o + i] = s * gaussian(rng);
            }
        }
        return theta;
    }

    /** The outputs z(x_i) as a d x n matrix (column i for example i). */
    public DenseMatrix predict(double[] theta, Dataset data) {
        check(theta, data);
        int d = outputs();
        double[] out = new double[d * data.size()];
        Chunks ch = new Chunks(data.size(), threads);
        ch.each(c -> {
            Network.Tape t = net.forward(theta, data.inputs(), ch.first(c), ch.size(c));
            System.arraycopy(t.z[net.layers() - 1], 0, out, ch.first(c) * d, d * ch.size(c));
        });
        return DenseMatrix.of(d, data.size(), out);
    }

    /** The mean loss over the data set. */
    public double loss(double[] theta, Loss loss, Dataset data) {
        return lossAndGradient(theta, loss, data, false).loss();
    }

    /** The mean loss and its gradient over the data set. */
    public LossGradient gradient(double[] theta, Loss loss, Dataset data) {
        return lossAndGradient(theta, loss, data, true);
    }

    /** Loss and gradient of the mean loss. */
    public record LossGradient(double loss, double[] gradient) {}

    private LossGradient lossAndGradient(double[] theta, Loss loss, Dataset data, boolean withGradient) {
        check(theta, data);
        int p = parameterCount();
        int n = data.size();
        Chunks ch = new Chunks(n, threads);
        int[] labels = data.labelsView();
        double[] acc = ch.sum(p + 1, (c, a) -> {
            Network.Tape t = net.forward(theta, data.inputs(), ch.first(c), ch.size(c));
            a[p] += net.outputGradient(t, loss, labels, ch.first(c), 1.0 / n);
            if (withGradient) {
                net.backward(theta, t, a);
            }
        });
        return new LossGradient(acc[p] / n, withGradient ? Arrays.copyOf(acc, p) : null);
    }

    /** The fraction of examples whose largest output is at their label. */
    public double accuracy(double[] theta, Dataset data) {
        DenseMatrix z = predict(theta, data);
        int d = outputs();
        int right = 0;
        for (int i = 0; i < data.size(); i++) {
            int best = 0;
            for (int c = 1; c < d; c++) {
                if (z.data()[i * d + c] > z.data()[i * d + best]) {
                    best = c;
                }
            }
            if (best == data.label(i)) {
                right++;
            }
        }
        return (double) right / data.size();
    }

    /**
     * The Jacobian of all outputs with respect to θ, an (n·d) x P matrix whose row i·d + c is ∇θ z_c(x_i), built from
     * per-example backpropagation (memory n·d·P: small networks and data sets only).
     */
    public DenseMatrix jacobian(double[] theta, Dataset data) {
        check(theta, data);
        int d = outputs();
        long rows = (long) data.size() * d;
        int p = parameterCount();
        if (rows * p > DenseMatrix.MAX_ELEMENTS) {
            throw new InvalidInputException("an explicit Jacobian of " + rows + " x " + p + " is too large; use EmpiricalNtk");
        }
        int nd = (int) rows;
        double[] j = new double[nd * p];
        Chunks ch = new Chunks(data.size(), threads);
        ch.each(c -> {
            Network.Tape t = net.forward(theta, data.inputs(), ch.first(c), ch.size(c));
            double[][] gl = net.outputBackprops(theta, t);
            int m = ch.size(c);
            for (int l = 0; l < net.layers(); l++) {
                int in = net.in(l);
                int out = net.out(l);
                double[] a = net.layerInput(t, l);
                for (int e = 0; e < m; e++) {
                    for (int o = 0; o < d; o++) {
                        int row = (ch.first(c) + e) * d + o;
                        int col = (e * d + o) * out;
                        for (int s = 0; s < in; s++) {
                            double as = a[e * in + s];
                            int w = net.weightOffset(l) + s * out;
                            for (int r = 0; r < out; r++) {
                                j[row + (w + r) * nd] = gl[l][col + r] * as;
                            }
                        }
                        for (int r = 0; r < out; r++) {
                            j[row + (net.biasOffset(l) + r) * nd] = gl[l][col + r];
                        }
                    }
                }
            }
        });
        return DenseMatrix.of(nd, p, j);
    }

    void check(double[] theta, Dataset data) {
        if (theta.length != parameterCount()) {
            throw new InvalidInputException("the network has " + parameterCount() + " parameters, got a vector of " + theta.length);
        }
        if (data.dimension() != inputs()) {
            throw new InvalidInputException("the network takes inputs of dimension " + inputs() + ", the data set has " + data.dimension());
        }
        if (data.classes() > outputs()) {
            throw new InvalidInputException("the data set has " + data.classes() + " classes but the network only " + outputs() + " outputs");
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    @Override
    public String toString() {
        return "MLP " + Arrays.toString(widths) + " " + activation.name().toLowerCase(java.util.Locale.ROOT)
                + " (" + parameterCount() + " parameters)";
    }
}
