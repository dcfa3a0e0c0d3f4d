package dev.spectral.internal.nn;

import dev.ludovic.netlib.blas.BLAS;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.nn.Activation;
import dev.spectral.nn.Loss;

/**
 * The passes of a fully-connected network on a chunk of m examples, every layer one GEMM over the chunk.
 *
 * <p>Layers l = 0..L-1: z_l = W_l a_l + b_l with a_0 = x and a_{l+1} = σ(z_l); the output is z_{L-1}. Parameters are
 * one flat vector θ: per layer W_l (out x in, column-major) then b_l. Activations and their gradients are column-major
 * (width x m), one example per column. The R-operator (Pearlmutter 1994) of a quantity q along a direction v is
 * R(q) = d/dt q(θ + tv) at t = 0; propagating it through the forward and backward passes gives Hv exactly:
 * <pre>
 *   forward   R(z_l) = V_l a_l + W_l R(a_l) + v_b,     R(a_{l+1}) = σ'(z_l) ⊙ R(z_l)
 *   backward  R(g_{L-1}) = H_ℓ R(z_{L-1})
 *             R(∇W_l) = R(g_l) a_lᵀ + g_l R(a_l)ᵀ,      R(∇b_l) = R(g_l) summed over examples
 *             R(δ_l) = V_lᵀ g_l + W_lᵀ R(g_l),            R(g_{l-1}) = σ''(z_{l-1}) ⊙ R(z_{l-1}) ⊙ δ_l + σ'(z_{l-1}) ⊙ R(δ_l)
 * </pre>
 * where g_l = ∂loss/∂z_l and δ_l = W_lᵀ g_l.
 */
public final class Network {
    private final int[] widths;
    private final Activation act;
    private final int layers;
    private final int[] wOff;
    private final int[] bOff;
    private final int parameters;
    private final BLAS blas = NetlibRuntime.get().blas();

    public Network(int[] widths, Activation act) {
        this.widths = widths.clone();
        this.act = act;
        this.layers = widths.length - 1;
        this.wOff = new int[layers];
        this.bOff = new int[layers];
        long p = 0;
        for (int l = 0; l < layers; l++) {
            wOff[l] = (int) p;
            p += (long) widths[l] * widths[l + 1];
            bOff[l] = (int) p;
            p += widths[l + 1];
        }
        this.parameters = (int) p;
    }

    public int parameters() {
        return parameters;
    }

    public int layers() {
        return layers;
    }

    public int in(int l) {
        return widths[l];
    }

    public int out(int l) {
        return widths[l + 1];
    }

    public int outputs() {
        return widths[layers];
    }

    public int weightOffset(int l) {
        return wOff[l];
    }

    public int biasOffset(int l) {
        return bOff[l];
    }

    /** Forward values of one chunk: z[l] (out_l x m) and a[l] for l >= 1; a_0 is the input at {@code xOff}. */
    public final class Tape {
        public final int m;
        final double[] x;
        final int xOff;
        public final double[][] z = new double[layers][];
        final double[][] a = new double[layers][];
        /** g_l = ∂(scaled loss)/∂z_l and δ_l = W_lᵀ g_l, filled by {@link #backward}. */
        final double[][] g = new double[layers][];
        final double[][] delta = new double[layers][];
        /** softmax probabilities of the output (cross-entropy only). */
        double[] p;

        Tape(double[] x, int xOff, int m) {
            this.x = x;
            this.xOff = xOff;
            this.m = m;
        }

        double[] input(int l) {
            return l == 0 ? x : a[l];
        }

        int inputOff(int l) {
            return l == 0 ? xOff : 0;
        }
    }

    /** Runs the forward pass of m examples starting at column {@code first} of the d x n input array. */
    public Tape forward(double[] theta, double[] x, int first, int m) {
        Tape t = new Tape(x, first * widths[0], m);
        for (int l = 0; l < layers; l++) {
            int out = out(l);
            int in = in(l);
            double[] z = new double[out * m];
            blas.dgemm("N", "N", out, m, in, 1.0, theta, wOff[l], out, t.input(l), t.inputOff(l), in, 0.0, z, 0, out);
            addBias(z, theta, bOff[l], out, m);
            t.z[l] = z;
            if (l + 1 < layers) {
                double[] a = new double[out * m];
                for (int i = 0; i < a.length; i++) {
                    a[i] = act.value(z[i]);
                }
                t.a[l + 1] = a;
            }
        }
        return t;
    }

    /**
     * Sets the output gradient g_{L-1} = scale·∂ℓ/∂z for the labels of the chunk (labels[first..first+m)) and returns
     * the chunk's summed (unscaled) loss.
     */
    public double outputGradient(Tape t, Loss loss, int[] labels, int first, double scale) {
        int d = outputs();
        double[] z = t.z[layers - 1];
        double[] g = new double[d * t.m];
        double sum = 0;
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            double[] p = new double[d * t.m];
            for (int j = 0; j < t.m; j++) {
                int o = j * d;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < d; c++) {
                    max = Math.max(max, z[o + c]);
                }
                double s = 0;
                for (int c = 0; c < d; c++) {
                    p[o + c] = Math.exp(z[o + c] - max);
                    s += p[o + c];
                }
                int y = labels[first + j];
                sum += Math.log(s) + max - z[o + y];
                for (int c = 0; c < d; c++) {
                    p[o + c] /= s;
                    g[o + c] = scale * (p[o + c] - (c == y ? 1 : 0));
                }
            }
            t.p = p;
        } else {
            for (int j = 0; j < t.m; j++) {
                int o = j * d;
                int y = labels[first + j];
                for (int c = 0; c < d; c++) {
                    double r = z[o + c] - (c == y ? 1 : 0);
                    sum += 0.5 * r * r;
                    g[o + c] = scale * r;
                }
            }
        }
        t.g[layers - 1] = g;
        return sum;
    }

    /** r ← scale·H_ℓ r for each example's output block (H_ℓ = diag(p) - ppᵀ or I). */
    public void lossHessianTimes(Tape t, Loss loss, double[] r, double scale) {
        int d = outputs();
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            double[] p = t.p;
            for (int j = 0; j < t.m; j++) {
                int o = j * d;
                double pr = 0;
                for (int c = 0; c < d; c++) {
                    pr += p[o + c] * r[o + c];
                }
                for (int c = 0; c < d; c++) {
                    r[o + c] = scale * p[o + c] * (r[o + c] - pr);
                }
            }
        } else if (scale != 1) {
            for (int i = 0; i < d * t.m; i++) {
                r[i] *= scale;
            }
        }
    }

    /**
     * Backpropagates the output gradient stored in the tape (see {@link #outputGradient}), accumulating ∇θ into
     * {@code grad} and keeping g_l and δ_l in the tape for later R-backward passes.
     */
    public void backward(double[] theta, Tape t, double[] grad) {
        backpropagate(theta, t, t.g[layers - 1], grad, true);
    }

    /**
     * Vector-Jacobian product: accumulates Jᵀu into {@code grad}, u being d x m (one output vector per example);
     * the tape's stored gradients are untouched.
     */
    public void vjp(double[] theta, Tape t, double[] u, double[] grad) {
        backpropagate(theta, t, u, grad, false);
    }

    private void backpropagate(double[] theta, Tape t, double[] gOut, double[] grad, boolean keep) {
        int m = t.m;
        double[] g = gOut;
        for (int l = layers - 1; l >= 0; l--) {
            int out = out(l);
            int in = in(l);
            if (keep) {
                t.g[l] = g;
            }
            blas.dgemm("N", "T", out, in, m, 1.0, g, 0, out, t.input(l), t.inputOff(l), in, 1.0, grad, wOff[l], out);
            rowSums(g, out, m, grad, bOff[l]);
            if (l > 0) {
                double[] delta = new double[in * m];
                blas.dgemm("T", "N", in, m, out, 1.0, theta, wOff[l], out, g, 0, out, 0.0, delta, 0, in);
                if (keep) {
                    t.delta[l] = delta;
                }
                double[] z = t.z[l - 1];
                double[] gPrev = keep ? new double[in * m] : delta;
                for (int i = 0; i < in * m; i++) {
                    gPrev[i] = act.derivative(z[i]) * delta[i];
                }
                g = gPrev;
            }
        }
    }

    /**
     * R-forward pass along v: returns R(z_l) for every layer; {@code ra} receives R(a_l) (ra[0] stays null, since
     * R(a_0) = 0). The last entry is the Jacobian-vector product J v (d x m).
     */
    public double[][] rForward(double[] theta, double[] v, Tape t, double[][] ra) {
        int m = t.m;
        double[][] rz = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int out = out(l);
            int in = in(l);
            double[] r = new double[out * m];
            blas.dgemm("N", "N", out, m, in, 1.0, v, wOff[l], out, t.input(l), t.inputOff(l), in, 0.0, r, 0, out);
            if (l > 0) {
                blas.dgemm("N", "N", out, m, in, 1.0, theta, wOff[l], out, ra[l], 0, in, 1.0, r, 0, out);
            }
            addBias(r, v, bOff[l], out, m);
            rz[l] = r;
            if (l + 1 < layers) {
                double[] z = t.z[l];
                double[] a = new double[out * m];
                for (int i = 0; i < a.length; i++) {
                    a[i] = act.derivative(z[i]) * r[i];
                }
                ra[l + 1] = a;
            }
        }
        return rz;
    }

    /**
     * R-backward pass: given R(z), R(a) from {@link #rForward} along v and the output's R(g) (already multiplied by
     * the loss Hessian), accumulates Hv into {@code hv}. Needs the tape's g and δ from {@link #backward}.
     */
    public void rBackward(double[] theta, double[] v, Tape t, double[][] rz, double[][] ra, double[] rgOut, double[] hv) {
        int m = t.m;
        double[] rg = rgOut;
        for (int l = layers - 1; l >= 0; l--) {
            int out = out(l);
            int in = in(l);
            double[] g = t.g[l];
            blas.dgemm("N", "T", out, in, m, 1.0, rg, 0, out, t.input(l), t.inputOff(l), in, 1.0, hv, wOff[l], out);
            if (l > 0) {
                blas.dgemm("N", "T", out, in, m, 1.0, g, 0, out, ra[l], 0, in, 1.0, hv, wOff[l], out);
            }
            rowSums(rg, out, m, hv, bOff[l]);
            if (l > 0) {
                double[] rdelta = new double[in * m];
                blas.dgemm("T", "N", in, m, out, 1.0, v, wOff[l], out, g, 0, out, 0.0, rdelta, 0, in);
                blas.dgemm("T", "N", in, m, out, 1.0, theta, wOff[l], out, rg, 0, out, 1.0, rdelta, 0, in);
                double[] z = t.z[l - 1];
                double[] rzPrev = rz[l - 1];
                double[] delta = t.delta[l];
                for (int i = 0; i < in * m; i++) {
                    rdelta[i] = act.secondDerivative(z[i]) * rzPrev[i] * delta[i] + act.derivative(z[i]) * rdelta[i];
                }
                rg = rdelta;
            }
        }
    }

    /**
     * For each example j of the chunk and output c, the backpropagated vectors g_l^{(j,c)} = ∂z_c/∂z_l for every
     * layer: gl[l] is out_l x (m·d), column j·d + c.
     */
    public double[][] outputBackprops(double[] theta, Tape t) {
        int m = t.m;
        int d = outputs();
        double[][] gl = new double[layers][];
        double[] g = new double[d * m * d];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < d; c++) {
                g[(j * d + c) * d + c] = 1;
            }
        }
        gl[layers - 1] = g;
        for (int l = layers - 1; l > 0; l--) {
            int out = out(l);
            int in = in(l);
            double[] next = new double[in * m * d];
            blas.dgemm("T", "N", in, m * d, out, 1.0, theta, wOff[l], out, g, 0, out, 0.0, next, 0, in);
            double[] z = t.z[l - 1];
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < d; c++) {
                    int col = (j * d + c) * in;
                    for (int i = 0; i < in; i++) {
                        next[col + i] *= act.derivative(z[j * in + i]);
                    }
                }
            }
            gl[l - 1] = next;
            g = next;
        }
        return gl;
    }

    /** Layer inputs a_l (in_l x m) of a tape, copied into a fresh array for l = 0. */
    public double[] layerInput(Tape t, int l) {
        if (l > 0) {
            return t.a[l];
        }
        double[] x = new double[in(0) * t.m];
        System.arraycopy(t.x, t.xOff, x, 0, x.length);
        return x;
    }

    private static void addBias(double[] z, double[] b, int bo, int out, int m) {
        for (int j = 0; j < m; j++) {
            int o = j * out;
            for (int i = 0; i < out; i++) {
                z[o + i] += b[bo + i];
            }
        }
    }

    private static void rowSums(double[] g, int out, int m, double[] dst, int off) {
        for (int j = 0; j < m; j++) {
            int o = j * out;
            for (int i = 0; i < out; i++) {
                dst[off + i] += g[o + i];
            }
        }
    }
}
