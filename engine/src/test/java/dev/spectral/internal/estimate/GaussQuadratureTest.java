package dev.spectral.internal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.internal.cpu.NetlibRuntime;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.netlib.util.intW;

class GaussQuadratureTest {
    /** Eigenvalues and squared first eigenvector components from LAPACK dstev (full eigenvectors). */
    private static double[][] lapack(double[] d, double[] e, int m) {
        return NativeThreads.call(() -> {
            double[] w = Arrays.copyOf(d, m);
            double[] off = Arrays.copyOf(e, Math.max(1, m - 1));
            double[] z = new double[m * m];
            double[] work = new double[Math.max(1, 2 * m - 2)];
            intW info = new intW(0);
            NetlibRuntime.get().lapack().dstev("V", m, w, off, z, m, work, info);
            assertEquals(0, info.val);
            double[] tau = new double[m];
            for (int k = 0; k < m; k++) {
                tau[k] = z[k * m] * z[k * m];
            }
            return new double[][] {w, tau};
        });
    }

    private static void compare(double[] d, double[] e, int m) {
        double[] nodes = new double[m];
        double[] weights = new double[m];
        GaussQuadrature.rule(d, e, m, nodes, weights);
        double[][] ref = lapack(d, e, m);
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(nodes[a], nodes[b]));
        double scale = 0;
        for (double v : ref[0]) {
            scale = Math.max(scale, Math.abs(v));
        }
        double wsum = 0;
        for (int i = 0; i < m; i++) {
            assertEquals(ref[0][i], nodes[order[i]], 1e-13 * Math.max(scale, 1), "node " + i);
            wsum += weights[i];
        }
        assertEquals(1.0, wsum, 1e-13);
        // weights of well-separated nodes are well conditioned; compare those
        for (int i = 0; i < m; i++) {
            double gap = Double.POSITIVE_INFINITY;
            if (i > 0) {
                gap = Math.min(gap, ref[0][i] - ref[0][i - 1]);
            }
            if (i + 1 < m) {
                gap = Math.min(gap, ref[0][i + 1] - ref[0][i]);
            }
            if (gap > 1e-6 * Math.max(scale, 1)) {
                assertEquals(ref[1][i], weights[order[i]], 1e-10, "weight " + i);
            }
        }
    }

    @Test
    void matchesLapackOnRandomTridiagonals() {
        SplittableRandom r = new SplittableRandom(7);
        for (int m : new int[] {1, 2, 3, 5, 17, 60, 150}) {
            double[] d = new double[m];
            double[] e = new double[m];
            for (int i = 0; i < m; i++) {
                d[i] = r.nextGaussian() * 3;
                e[i] = Math.abs(r.nextGaussian()) + 0.01;
            }
            compare(d, e, m);
        }
    }

    @Test
    void handlesGradedAndSplitMatrices() {
        int m = 40;
        double[] d = new double[m];
        double[] e = new double[m];
        for (int i = 0; i < m; i++) {
            d[i] = Math.pow(10, -i / 5.0);
            e[i] = i % 7 == 3 ? 0.0 : 0.5 * Math.pow(10, -i / 5.0);
        }
        compare(d, e, m);
    }

    @Test
    void integratesPolynomialsExactly() {
        // a rule with m nodes is exact for degree 2m-1: e₁ᵀT^p e₁ from the rule equals the matrix power
        int m = 6;
        double[] d = {2, 3, 1, 4, 2.5, 3.5};
        double[] e = {1, 0.5, 0.7, 0.2, 0.9, 0};
        double[] nodes = new double[m];
        double[] weights = new double[m];
        GaussQuadrature.rule(d, e, m, nodes, weights);
        double[] v = new double[m];
        v[0] = 1;
        for (int p = 1; p <= 2 * m - 1; p++) {
            double[] t = new double[m];
            for (int i = 0; i < m; i++) {
                t[i] = d[i] * v[i] + (i > 0 ? e[i - 1] * v[i - 1] : 0) + (i + 1 < m ? e[i] * v[i + 1] : 0);
            }
            v = t;
            double rule = 0;
            for (int k = 0; k < m; k++) {
                rule += weights[k] * Math.pow(nodes[k], p);
            }
            assertEquals(v[0], rule, 1e-11 * Math.abs(v[0]), "moment " + p);
        }
    }
}
