package dev.spectral.rmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.spi.DenseBackend;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TracyWidomTest {
    @Test
    void airyMatchesReferenceValues() {
        // Values of Ai from scipy.special.airy (Cephes), an independent implementation.
        double[][] ref = {{0, 0.3550280538878172}, {1, 0.13529241631288147}, {-1, 0.5355608832923522},
                {-2, 0.22740742820168564}, {5, 1.0834442813607433e-4}, {-5, 0.3507610090241142},
                {-6.5, -0.2380203019971157}, {-7.5, 0.3217757163806479}, {7.5, 1.9172560675134298e-07},
                {-10, 0.040241238486441955}, {10, 1.1047532552898654e-10}, {-20, -0.17640612707798434}};
        for (double[] r : ref) {
            assertEquals(r[1], Airy.ai(r[0]), 1e-12 + 1e-9 * Math.abs(r[1]), "Ai(" + r[0] + ")");
        }
    }

    @Test
    void quantilesMatchPublishedTable() {
        // Tracy-Widom F1 percentiles as tabulated by Johnstone (2001, Table 1) and Tracy and Widom (to 4 decimals).
        assertEquals(0.4501, TracyWidom.quantile(0.90), 6e-5);
        assertEquals(0.9793, TracyWidom.quantile(0.95), 6e-5);
        assertEquals(2.0234, TracyWidom.quantile(0.99), 6e-5);
        assertEquals(-1.2686, TracyWidom.quantile(0.5), 6e-5);
    }

    @Test
    void meanAndVarianceMatchPublishedValues() {
        // E = ∫₀^∞ (1 - F) - ∫_{-∞}^0 F and E[X²] = ∫₀^∞ 2s(1 - F) - ∫_{-∞}^0 2s F (F negligible below -10, 1 - F
        // negligible above 16).
        GaussLegendre neg = GaussLegendre.on(120, -10, 0);
        GaussLegendre pos = GaussLegendre.on(120, 0, 16);
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i < 120; i++) {
            double s = neg.nodes()[i];
            double f = TracyWidom.cdf(s);
            m1 -= neg.weights()[i] * f;
            m2 -= neg.weights()[i] * 2 * s * f;
            double t = pos.nodes()[i];
            double g = TracyWidom.survival(t);
            m1 += pos.weights()[i] * g;
            m2 += pos.weights()[i] * 2 * t * g;
        }
        // Published (Tracy and Widom; Bornemann 2010, Table 9): mean -1.2065335745820, variance 1.6077810345810.
        assertEquals(-1.2065335745820, m1, 1e-9);
        assertEquals(1.6077810345810, m2 - m1 * m1, 1e-9);
    }

    @Test
    void upperTailIsAccurateFarOut() {
        for (double s : new double[] {20, 30, 45}) {
            double asymptotic = Math.exp(-2.0 / 3.0 * Math.pow(s, 1.5)) / (4 * Math.sqrt(Math.PI) * Math.pow(s, 0.75));
            double sf = TracyWidom.survival(s);
            // Relative corrections to the leading tail term are O(s^{-3/2}).
            assertEquals(1.0, sf / asymptotic, 3 / Math.pow(s, 1.5), "s = " + s);
        }
        assertEquals(1.0, TracyWidom.cdf(4) + TracyWidom.survival(4), 1e-15);
    }

    @Test
    void largestWishartEigenvalueFollowsTracyWidomUnderJohnstoneScaling() {
        int n = 120;
        int p = 40;
        int reps = 300;
        double variance = 3.0;
        WishartEdge edge = WishartEdge.of(n, p);
        double[] stats = new double[reps];
        SplittableRandom rng = new SplittableRandom(2024);
        try (DenseBackend cpu = Backends.cpu()) {
            for (int r = 0; r < reps; r++) {
                var x = RandomMatrices.gaussian(n, p, rng);
                double s = cpu.svd(x, SvdSelection.top(1), false).singularValues()[0];
                stats[r] = edge.statistic(variance * s * s, variance);
            }
        }
        Arrays.sort(stats);
        double d = 0;
        for (int i = 0; i < reps; i++) {
            double f = TracyWidom.cdf(stats[i]);
            d = Math.max(d, Math.max((i + 1.0) / reps - f, f - (double) i / reps));
        }
        // 1% critical value of the one-sample KS test for 300 independent draws.
        assertTrue(d < 1.63 / Math.sqrt(reps), "KS " + d);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(InvalidInputException.class, () -> TracyWidom.quantile(1));
        assertThrows(InvalidInputException.class, () -> TracyWidom.cdf(Double.NaN));
        assertThrows(InvalidInputException.class, () -> WishartEdge.of(1, 5));
    }
}
