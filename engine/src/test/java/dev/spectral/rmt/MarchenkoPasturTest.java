package dev.spectral.rmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MarchenkoPasturTest {
    @ParameterizedTest
    @CsvSource({"0.1, 1", "0.5, 2.5", "1, 1", "1, 0.3", "2.5, 1.7", "7, 0.5"})
    void closedFormCdfMatchesTheIntegratedDensity(double ratio, double variance) {
        MarchenkoPastur mp = MarchenkoPastur.of(ratio, variance);
        double a = mp.lowerEdge();
        double b = mp.upperEdge();
        assertEquals(variance * Math.pow(1 - Math.sqrt(ratio), 2), a, 1e-15 * b);
        assertEquals(variance * Math.pow(1 + Math.sqrt(ratio), 2), b, 1e-15 * b);
        for (double t : new double[] {0.01, 0.2, 0.5, 0.77, 0.999, 1}) {
            double x = a + t * (b - a);
            double integral = Quadrature.integrate(mp::density, a, b, x);
            assertEquals(mp.atomAtZero() + integral, mp.cdf(x), 1e-10, "x = " + x);
        }
        assertEquals(Math.max(0, 1 - 1 / ratio), mp.atomAtZero(), 1e-15);
        assertEquals(1.0, mp.cdf(b), 1e-14);
        assertEquals(0.0, mp.cdf(-1e-9), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"0.25, 1", "1, 2", "3, 0.5"})
    void momentsAreVarianceAndVarianceSquaredTimesOnePlusRatio(double ratio, double variance) {
        MarchenkoPastur mp = MarchenkoPastur.of(ratio, variance);
        double a = mp.lowerEdge();
        double b = mp.upperEdge();
        double m1 = Quadrature.integrate(x -> x * mp.density(x), a, b, b);
        double m2 = Quadrature.integrate(x -> x * x * mp.density(x), a, b, b);
        // The atom at zero adds nothing to either moment.
        assertEquals(variance, m1, 1e-10 * variance);
        assertEquals(variance * variance * (1 + ratio), m2, 1e-10 * m2);
        assertEquals(mp.mean(), m1, 1e-10 * variance);
        assertEquals(mp.secondMoment(), m2, 1e-10 * m2);
    }

    @ParameterizedTest
    @CsvSource({"0.3, 1", "1, 1", "4, 2"})
    void quantileInvertsTheCdf(double ratio, double variance) {
        MarchenkoPastur mp = MarchenkoPastur.of(ratio, variance);
        for (double p = 0.01; p < 1; p += 0.07) {
            double x = mp.quantile(p);
            if (p <= mp.atomAtZero()) {
                assertEquals(0.0, x);
            } else {
                assertEquals(p, mp.cdf(x), 1e-12, "p = " + p);
            }
        }
        assertEquals(mp.upperEdge(), mp.quantile(1), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"0.3, 1", "1, 1.5", "2.5, 0.8"})
    void stieltjesTransformMatchesQuadrature(double ratio, double variance) {
        MarchenkoPastur mp = MarchenkoPastur.of(ratio, variance);
        double a = mp.lowerEdge();
        double b = mp.upperEdge();
        Complex[] points = {Complex.of(0.7 * b, 0.3), Complex.of(1.5 * b, -0.2), Complex.of(-1.0, 0),
                Complex.of(2 * b, 0), Complex.of(0.5 * (a + b), 1e-1)};
        for (Complex z : points) {
            double re = Quadrature.integrate(x -> mp.density(x) * (x - z.re()) / sq(x, z), a, b, b);
            double im = Quadrature.integrate(x -> mp.density(x) * z.im() / sq(x, z), a, b, b);
            // The atom at zero contributes atom / (0 - z).
            Complex atom = Complex.real(mp.atomAtZero()).divide(z.negate());
            Complex expected = Complex.of(re, im).plus(atom);
            Complex m = mp.stieltjes(z);
            assertEquals(expected.re(), m.re(), 1e-8, "Re m at " + z);
            assertEquals(expected.im(), m.im(), 1e-8, "Im m at " + z);
        }
        // m(z) ~ -1/z at infinity.
        Complex far = Complex.of(1e7, 3e6);
        Complex m = mp.stieltjes(far).times(far);
        assertEquals(-1.0, m.re(), 1e-5);
        assertEquals(0.0, m.im(), 1e-5);
    }

    private static double sq(double x, Complex z) {
        double dr = x - z.re();
        return dr * dr + z.im() * z.im();
    }

    @Test
    void wishartEsdMatchesMarchenkoPasturWithinSamplingError() {
        int n = 2000;
        int p = 500;
        double variance = 2.0;
        DenseMatrix w = RandomMatrices.wishart(n, p, variance, new SplittableRandom(11));
        double[] ev;
        try (DenseBackend cpu = Backends.cpu()) {
            ev = cpu.eigh(w, EigenSelection.all(), false).values();
        }
        for (int i = 0; i < ev.length; i++) {
            ev[i] /= n;
        }
        Arrays.sort(ev);
        MarchenkoPastur mp = MarchenkoPastur.forShape(n, p, variance);
        double ks = ks(ev, mp);
        // Eigenvalues are far more rigid than independent draws, so the 1% critical value of the one-sample KS test
        // for p independent points (1.63/√p ≈ 0.073) is a conservative bound on the sampling error.
        assertTrue(ks < 1.63 / Math.sqrt(p), "KS distance " + ks);
        // Far inside that bound in fact: a 10% error in the variance gives a KS distance several times larger.
        double wrong = ks(ev, MarchenkoPastur.forShape(n, p, 1.1 * variance));
        System.out.printf("KS to MP: %.4f; with a 10%% wrong variance: %.4f%n", ks, wrong);
        assertTrue(wrong > 4 * ks, "KS " + ks + " vs " + wrong);
    }

    static double ks(double[] sorted, MarchenkoPastur law) {
        double d = 0;
        int m = sorted.length;
        for (int i = 0; i < m; i++) {
            double f = law.cdf(sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / m - f, f - (double) i / m));
        }
        return d;
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(InvalidInputException.class, () -> MarchenkoPastur.of(0, 1));
        assertThrows(InvalidInputException.class, () -> MarchenkoPastur.of(1, -1));
        assertThrows(InvalidInputException.class, () -> MarchenkoPastur.of(Double.NaN, 1));
        assertThrows(InvalidInputException.class, () -> MarchenkoPastur.of(1, 1).quantile(1.5));
    }
}
