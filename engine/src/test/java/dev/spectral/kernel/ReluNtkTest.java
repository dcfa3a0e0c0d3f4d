package dev.spectral.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.DenseMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReluNtkTest {
    /**
     * E[g(u, v)] for (u, v) ~ N(0, [[a, c], [c, b]]) and g positively homogeneous of degree p ∈ {0, 2}, by
     * quadrature over the polar angle φ of the underlying standard normal pair (E r² = 2 for p = 2). The angle is cut
     * where u or v changes sign, so that each piece is smooth and composite Simpson converges fast: an evaluation
     * that shares nothing with the closed forms but the definition.
     */
    private static double gaussianExpectation(double a, double b, double c, int degree,
                                              java.util.function.DoubleBinaryOperator g) {
        double sa = Math.sqrt(a);
        double sb = Math.sqrt(b);
        double rho = c / (sa * sb);
        double perp = Math.sqrt(Math.max(0, 1 - rho * rho));
        java.util.TreeSet<Double> cuts = new java.util.TreeSet<>(java.util.List.of(0.0, Math.PI / 2, 3 * Math.PI / 2, 2 * Math.PI));
        double root = Math.atan2(-rho, perp); // rho·cos φ + perp·sin φ = 0
        for (int k = -2; k <= 2; k++) {
            double phi = root + k * Math.PI;
            if (phi > 0 && phi < 2 * Math.PI) {
                cuts.add(phi);
            }
        }
        java.util.function.DoubleUnaryOperator f = phi -> {
            double g1 = Math.cos(phi);
            double g2 = Math.sin(phi);
            return g.applyAsDouble(sa * g1, sb * (rho * g1 + perp * g2));
        };
        double total = 0;
        Double prev = null;
        for (double cut : cuts) {
            if (prev != null && cut > prev) {
                int steps = 2000;
                double h = (cut - prev) / steps;
                // evaluate strictly inside the piece: the integrand's sign pattern is constant there
                double sum = 0;
                for (int i = 0; i <= steps; i++) {
                    double x = prev + i * h;
                    double xi = Math.min(cut - 1e-12, Math.max(prev + 1e-12, x));
                    double w = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2);
                    sum += w * f.applyAsDouble(xi);
                }
                total += sum * h / 3;
            }
            prev = cut;
        }
        double angular = total / (2 * Math.PI);
        return degree == 2 ? 2 * angular : angular;
    }

    private static double relu(double x) {
        return Math.max(0, x);
    }

    private static double step(double x) {
        return x > 0 ? 1 : 0;
    }

    /** The NTK recursion with every expectation integrated numerically. */
    private static double numericNtk(double[] x, double[] y, int depth) {
        double sxx = dot(x, x);
        double syy = dot(y, y);
        double sxy = dot(x, y);
        double theta = sxy;
        for (int h = 0; h < depth; h++) {
            double s = 2 * gaussianExpectation(sxx, syy, sxy, 2, (u, v) -> relu(u) * relu(v));
            double sd = 2 * gaussianExpectation(sxx, syy, sxy, 0, (u, v) -> step(u) * step(v));
            // the diagonal stays: 2 E[relu(u)²] = Σ(x, x)
            theta = theta * sd + s;
            sxy = s;
        }
        return theta;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void depthOneMatchesTheArcCosineClosedForm() {
        double[] x = {1.0, -0.5, 2.0};
        double[] y = {0.3, 1.5, -0.7};
        double nx = Math.sqrt(dot(x, x));
        double ny = Math.sqrt(dot(y, y));
        double t = Math.acos(dot(x, y) / (nx * ny));
        // Cho and Saul's arc-cosine kernels of degree 0 and 1
        double closed = dot(x, y) * (Math.PI - t) / Math.PI + nx * ny * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / Math.PI;
        double k = new ReluNtk(1).value(dot(x, y), dot(x, x), dot(y, y));
        assertEquals(closed, k, 1e-13 * Math.abs(closed));
        assertEquals(numericNtk(x, y, 1), k, 1e-10 * Math.abs(k));
    }

    @Test
    void deeperNetworksMatchTheNumericRecursion() {
        SplittableRandom r = new SplittableRandom(3);
        for (int depth = 2; depth <= 4; depth++) {
            double[] x = new double[4];
            double[] y = new double[4];
            for (int i = 0; i < 4; i++) {
                x[i] = r.nextGaussian();
                y[i] = r.nextGaussian();
            }
            double k = new ReluNtk(depth).value(dot(x, y), dot(x, x), dot(y, y));
            assertEquals(numericNtk(x, y, depth), k, 1e-10 * Math.abs(k), "depth " + depth);
        }
    }

    @Test
    void diagonalIsDepthPlusOneTimesTheSquaredNorm() {
        double n2 = 3.7;
        assertEquals(4 * n2, new ReluNtk(3).value(n2, n2, n2), 1e-12);
        assertEquals(0.0, new ReluNtk(2).value(0, 0, 5), 0);
    }

    @Test
    void gramMatrixIsPositiveSemidefinite() {
        DenseMatrix pts = dev.spectral.estimate.TestMatrices.gaussian(80, 5, 11);
        DenseMatrix k = KernelMatrix.dense(Points.fromRows(pts), new ReluNtk(3), 0);
        double[] ev = Backends.cpu().eigh(k, EigenSelection.all(), false).values();
        double max = ev[ev.length - 1];
        assertTrue(ev[0] > -1e-12 * max, "smallest eigenvalue " + ev[0]);
    }

    @Test
    void refusesDepthZero() {
        assertThrows(InvalidInputException.class, () -> new ReluNtk(0));
    }
}
