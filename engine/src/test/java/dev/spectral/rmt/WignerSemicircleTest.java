package dev.spectral.rmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.spi.DenseBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WignerSemicircleTest {
    @ParameterizedTest
    @ValueSource(doubles = {1, 0.25, 3})
    void cdfQuantileAndMomentsAgreeWithQuadrature(double variance) {
        WignerSemicircle w = WignerSemicircle.of(variance);
        double a = w.lowerEdge();
        double b = w.upperEdge();
        assertEquals(2 * Math.sqrt(variance), b, 1e-15);
        for (double t : new double[] {0.05, 0.3, 0.5, 0.9, 1}) {
            double x = a + t * (b - a);
            assertEquals(Quadrature.integrate(w::density, a, b, x), w.cdf(x), 1e-11);
        }
        assertEquals(0.5, w.cdf(0), 1e-15);
        assertEquals(variance, Quadrature.integrate(x -> x * x * w.density(x), a, b, b), 1e-10 * variance);
        // Fourth moment: Catalan number 2 times σ⁴.
        assertEquals(2 * variance * variance, Quadrature.integrate(x -> Math.pow(x, 4) * w.density(x), a, b, b),
                1e-10 * variance * variance);
        for (double p = 0.02; p < 1; p += 0.09) {
            assertEquals(p, w.cdf(w.quantile(p)), 1e-12);
        }
    }

    @Test
    void stieltjesTransformMatchesQuadrature() {
        WignerSemicircle w = WignerSemicircle.of(1.7);
        double a = w.lowerEdge();
        double b = w.upperEdge();
        for (Complex z : new Complex[] {Complex.of(0.3, 0.4), Complex.of(-2, -0.1), Complex.of(5, 0),
                Complex.of(-4, 0)}) {
            double re = Quadrature.integrate(x -> w.density(x) * (x - z.re()) / sq(x, z), a, b, b);
            double im = Quadrature.integrate(x -> w.density(x) * z.im() / sq(x, z), a, b, b);
            Complex m = w.stieltjes(z);
            assertEquals(re, m.re(), 1e-9, "Re at " + z);
            assertEquals(im, m.im(), 1e-9, "Im at " + z);
            // m solves σ² m² + z m + 1 = 0.
            Complex residual = m.times(m).times(1.7).plus(z.times(m)).plus(1);
            assertEquals(0.0, residual.abs(), 1e-12);
        }
    }

    private static double sq(double x, Complex z) {
        double dr = x - z.re();
        return dr * dr + z.im() * z.im();
    }

    @Test
    void sampledWignerMatrixFollowsTheSemicircle() {
        int n = 800;
        double variance = 0.5;
        double[] ev;
        try (DenseBackend cpu = Backends.cpu()) {
            ev = cpu.eigh(RandomMatrices.wigner(n, variance, new SplittableRandom(5)), EigenSelection.all(), false)
                    .values();
        }
        WignerSemicircle law = WignerSemicircle.of(variance);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = law.cdf(ev[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        // Conservative: the 1% critical value for n independent points (eigenvalues are much more rigid).
        assertTrue(d < 1.63 / Math.sqrt(n), "KS " + d);
        // The extreme eigenvalues stick to ±2σ (fluctuations of order n^{-2/3}).
        assertEquals(law.upperEdge(), ev[n - 1], 0.1);
        assertEquals(law.lowerEdge(), ev[0], 0.1);
    }
}
