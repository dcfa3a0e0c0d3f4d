package dev.spectral.nn;

import dev.ludovic.netlib.blas.BLAS;
import dev.spectral.InvalidInputException;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.internal.nn.Chunks;
import dev.spectral.internal.nn.Network;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.outofcore.TileSource;

/**
 * The empirical neural tangent kernel Θ = J Jᵀ of n examples and d outputs, an (n·d) x (n·d) positive semidefinite
 * matrix with rows ordered example-major (row i·d + c is output c of example i), J = ∂z/∂θ. Not normalized (no 1/n).
 *
 * <p>Products Θu = J(Jᵀu) never form J: Jᵀu is one backward pass with the outputs' gradients set to u (a
 * vector-Jacobian product), J w one R-forward pass (a Jacobian-vector product). Entries, for {@link #tiles()} and
 * {@link #dense()}, use the per-layer factorization of a fully-connected layer's per-example gradient
 * (g aᵀ for weights, g for biases): Θ_(i,c),(j,c') = Σ_l (g_l^{(i,c)} · g_l^{(j,c')}) (a_l^{(i)} · a_l^{(j)} + 1), so a
 * tile is one GEMM of backpropagated vectors and one of layer inputs per layer. The backpropagated vectors of every
 * example are computed on the first entry request and kept (Σ_l out_l·n·d + in_l·n doubles). Thread-safe.
 */
public final class EmpiricalNtk implements LinearOperator {
    private final Mlp mlp;
    private final Network net;
    private final double[] theta;
    private final int n;
    private final int d;
    private final int size;
    private final Chunks chunks;
    private final Network.Tape[] tapes;
    private final String identity;
    private volatile Factors factors;

    /** Per layer: backpropagated vectors (out_l x n·d) and layer inputs (in_l x n). */
    private record Factors(double[][] g, double[][] a) {}

    private EmpiricalNtk(Mlp mlp, double[] theta, Dataset data) {
        this.mlp = mlp;
        this.net = mlp.network();
        this.theta = theta.clone();
        this.n = data.size();
        this.d = mlp.outputs();
        this.size = n * d;
        this.chunks = new Chunks(n, mlp.threads());
        this.tapes = new Network.Tape[chunks.count()];
        chunks.each(c -> tapes[c] = net.forward(this.theta, data.inputs(), chunks.first(c), chunks.size(c)));
        this.identity = "empirical NTK of " + mlp + " on " + n + " examples, parameter checksum "
                + java.util.Arrays.hashCode(theta) + ", input checksum " + java.util.Arrays.hashCode(data.inputs());
    }

    /** The empirical NTK of {@code mlp} at θ (copied) on the examples of {@code data} (labels unused). */
    public static EmpiricalNtk of(Mlp mlp, double[] theta, Dataset data) {
        mlp.check(theta, data);
        if ((long) data.size() * mlp.outputs() > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("an NTK of " + data.size() + " examples x " + mlp.outputs() + " outputs is too large");
        }
        return new EmpiricalNtk(mlp, theta, data);
    }

    @Override
    public int rows() {
        return size;
    }

    @Override
    public int cols() {
        return size;
    }

    @Override
    public boolean symmetric() {
        return true;
    }

    @Override
    public boolean positiveSemidefinite() {
        return true;
    }

    /** The number of examples n. */
    public int examples() {
        return n;
    }

    /** The number of outputs d. */
    public int outputs() {
        return d;
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        int p = net.parameters();
        for (int col = 0; col < k; col++) {
            int off = col * size;
            double[] w = chunks.sum(p, (c, acc) -> {
                int m = chunks.size(c);
                double[] u = java.util.Arrays.copyOfRange(x, off + chunks.first(c) * d, off + (chunks.first(c) + m) * d);
                net.vjp(theta, tapes[c], u, acc);
            });
            chunks.each(c -> {
                double[][] rz = net.rForward(theta, w, tapes[c], new double[net.layers()][]);
                System.arraycopy(rz[net.layers() - 1], 0, y, off + chunks.first(c) * d, chunks.size(c) * d);
            });
        }
    }

    /** The kernel's entries strip by strip (for {@link dev.spectral.outofcore.OutOfCore#factor}). */
    public TileSource tiles() {
        return tiles(0);
    }

    /** The entries of Θ + nugget·I strip by strip. */
    public TileSource tiles(double nugget) {
        if (!(nugget >= 0) || !Double.isFinite(nugget)) {
            throw new InvalidInputException("the NTK nugget must be finite and >= 0, got " + nugget);
        }
        String id = nugget == 0 ? identity : identity + ", nugget " + nugget;
        return new TileSource() {
            @Override
            public int order() {
                return size;
            }

            @Override
            public void fill(int row0, int row1, int col0, int col1, double[] out, int ld) {
                block(row0, row1, col0, col1, out, ld);
                for (int i = Math.max(row0, col0); i < Math.min(row1, col1); i++) {
                    out[(i - row0) + (i - col0) * ld] += nugget;
                }
            }

            @Override
            public String identity() {
                return id;
            }
        };
    }

    /** The whole kernel as a dense matrix (from tiles; (n·d)² doubles). */
    public DenseMatrix dense() {
        if ((long) size * size > DenseMatrix.MAX_ELEMENTS) {
            throw new InvalidInputException("an NTK of order " + size + " is too large to form; use the out-of-core tiles");
        }
        double[] out = new double[size * size];
        int strip = 512;
        int strips = (size + strip - 1) / strip;
        dev.spectral.internal.estimate.Workers.forEach(strips, mlp.threads(), s -> {
            int c0 = s * strip;
            int c1 = Math.min(size, c0 + strip);
            double[] buf = new double[size * (c1 - c0)];
            block(0, size, c0, c1, buf, size);
            System.arraycopy(buf, 0, out, c0 * size, buf.length);
        });
        return DenseMatrix.of(size, size, out);
    }

    /** Fills rows [r0, r1) x columns [c0, c1) of Θ into out (leading dimension ld). */
    void block(int r0, int r1, int c0, int c1, double[] out, int ld) {
        if (r0 < 0 || r1 > size || c0 < 0 || c1 > size || r0 >= r1 || c0 >= c1) {
            throw new InvalidInputException("NTK block [" + r0 + ", " + r1 + ") x [" + c0 + ", " + c1 + ") is outside order " + size);
        }
        Factors f = factors();
        BLAS blas = NetlibRuntime.get().blas();
        int ei0 = r0 / d;
        int ei1 = (r1 + d - 1) / d;
        int ej0 = c0 / d;
        int ej1 = (c1 + d - 1) / d;
        int mi = ei1 - ei0;
        int mj = ej1 - ej0;
        int rows = mi * d;
        int cols = mj * d;
        double[] gram = new double[rows * cols];
        double[] tile = new double[rows * cols];
        double[] inner = new double[mi * mj];
        for (int l = 0; l < net.layers(); l++) {
            int wo = net.out(l);
            int in = net.in(l);
            blas.dgemm("T", "N", rows, cols, wo, 1.0, f.g[l], ei0 * d * wo, wo, f.g[l], ej0 * d * wo, wo, 0.0, gram, 0, rows);
            blas.dgemm("T", "N", mi, mj, in, 1.0, f.a[l], ei0 * in, in, f.a[l], ej0 * in, in, 0.0, inner, 0, mi);
            for (int j = 0; j < cols; j++) {
                int ej = j / d;
                for (int i = 0; i < rows; i++) {
                    tile[i + j * rows] += gram[i + j * rows] * (inner[i / d + ej * mi] + 1);
                }
            }
        }
        int ro = r0 - ei0 * d;
        int co = c0 - ej0 * d;
        for (int j = 0; j < c1 - c0; j++) {
            System.arraycopy(tile, ro + (co + j) * rows, out, j * ld, r1 - r0);
        }
    }

    private Factors factors() {
        Factors f = factors;
        if (f != null) {
            return f;
        }
        synchronized (this) {
            if (factors == null) {
                int layers = net.layers();
                double[][] g = new double[layers][];
                double[][] a = new double[layers][];
                for (int l = 0; l < layers; l++) {
                    g[l] = new double[net.out(l) * size];
                    a[l] = new double[net.in(l) * n];
                }
                chunks.each(c -> {
                    double[][] gl = net.outputBackprops(theta, tapes[c]);
                    int first = chunks.first(c);
                    int m = chunks.size(c);
                    for (int l = 0; l < layers; l++) {
                        System.arraycopy(gl[l], 0, g[l], first * d * net.out(l), m * d * net.out(l));
                        double[] in = net.layerInput(tapes[c], l);
                        System.arraycopy(in, 0, a[l], first * net.in(l), m * net.in(l));
                    }
                });
                factors = new Factors(g, a);
            }
            return factors;
        }
    }

    @Override
    public String description() {
        return "empirical NTK of " + mlp + " on " + n + " examples (" + size + " x " + size + ")";
    }
}
