package dev.spectral.internal.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.weights.PowerLaw;
import dev.spectral.weights.PowerLawFit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawSearchTest {
    /** A bulk uniform on [0.05, 1) below a Pareto(α) tail from 1: the shape of a trained layer's ESD. */
    static double[] bulkAndTail(int bulk, int tail, double alpha, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[bulk + tail];
        for (int i = 0; i < bulk; i++) {
            v[i] = 0.05 + 0.95 * rng.nextDouble();
        }
        for (int i = 0; i < tail; i++) {
            v[bulk + i] = Math.pow(1 - rng.nextDouble(), -1 / (alpha - 1));
        }
        return v;
    }

    @Test
    void branchAndBoundEqualsTheNaiveScan() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 40; trial++) {
            int n = 20 + rng.nextInt(600);
            double[] v;
            switch (trial % 4) {
                case 0 -> v = bulkAndTail(n / 2, n - n / 2, 1.5 + 4 * rng.nextDouble(), trial);
                case 1 -> {
                    v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.exp(rng.nextGaussian());
                    }
                }
                case 2 -> {
                    // Many ties: values on a coarse grid.
                    v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = 1 + rng.nextInt(12);
                    }
                }
                default -> {
                    v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.pow(1 - rng.nextDouble(), -0.7);
                    }
                }
            }
            int minTail = 2 + rng.nextInt(12);
            PowerLawFit fast = PowerLawSearch.fit(v, minTail);
            PowerLawFit slow = PowerLawSearch.naive(v, minTail);
            if (slow instanceof PowerLawFit.Fitted s) {
                PowerLawFit.Fitted f = assertInstanceOf(PowerLawFit.Fitted.class, fast, "trial " + trial);
                assertEquals(s.ksDistance(), f.ksDistance(), 1e-12, "trial " + trial);
                if (s.xmin() == f.xmin()) {
                    assertEquals(s.alpha(), f.alpha(), 1e-10 * s.alpha(), "trial " + trial);
                    assertEquals(s.tailSize(), f.tailSize());
                }
                assertEquals(s.candidates(), f.candidates());
            } else {
                assertInstanceOf(PowerLawFit.Failed.class, fast);
            }
        }
    }

    @Test
    void plantedPowerLawIsRecoveredWithinItsStandardError() {
        // The standard error is only meaningful as a calibration: over independent samples the z-scores
        // (α̂ - α) / SE should look standard normal. 60 samples per α: the mean z has sd 0.13.
        int reps = 60;
        for (double alpha : new double[] {2.0, 3.0, 4.5}) {
            double sum = 0;
            double sum2 = 0;
            int beyond3 = 0;
            for (int r = 0; r < reps; r++) {
                double[] v = bulkAndTail(1500, 1000, alpha, 1000L * (long) (10 * alpha) + r);
                PowerLawFit.Fitted f = assertInstanceOf(PowerLawFit.Fitted.class, PowerLaw.fit(v));
                assertEquals((f.alpha() - 1) / Math.sqrt(f.tailSize()), f.standardError(), 1e-15);
                double z = (f.alpha() - alpha) / f.standardError();
                sum += z;
                sum2 += z * z;
                beyond3 += Math.abs(z) > 3 ? 1 : 0;
            }
            double mean = sum / reps;
            double sd = Math.sqrt(sum2 / reps - mean * mean);
            System.out.printf("planted alpha %.2f: mean z %.3f, sd z %.3f, |z| > 3 in %d of %d%n", alpha, mean, sd,
                    beyond3, reps);
            assertTrue(Math.abs(mean) < 4 / Math.sqrt(reps), "mean z " + mean);
            assertTrue(sd > 0.7 && sd < 1.4, "sd z " + sd);
            // P(|z| > 3) = 0.0027 for a standard normal: 3 or more of 60 has probability below 1e-3.
            assertTrue(beyond3 <= 2, beyond3 + " fits off by more than 3 standard errors");
        }
    }

    @Test
    void degenerateInputFailsInsteadOfReportingAnAlpha() {
        assertInstanceOf(PowerLawFit.Failed.class, PowerLaw.fit(new double[] {1, 2, 3}));
        double[] flat = new double[50];
        java.util.Arrays.fill(flat, 2.0);
        assertInstanceOf(PowerLawFit.Failed.class, PowerLaw.fit(flat));
    }

    @Test
    void farFewerEvaluationsThanTheNaiveScan() {
        double[] v = bulkAndTail(6000, 2000, 3, 99);
        long t0 = System.nanoTime();
        PowerLawSearch.Outcome outcome = PowerLawSearch.search(v, 10);
        PowerLawFit fast = outcome.fit();
        long t1 = System.nanoTime();
        long evals = outcome.evaluations();
        PowerLawFit slow = PowerLawSearch.naive(v, 10);
        long t2 = System.nanoTime();
        int n = v.length;
        long naiveEvals = (long) n * (n + 1) / 2;
        System.out.printf("n = %d: branch and bound %d CDF evaluations (%.1f ms), naive %d (%.1f ms)%n", n, evals,
                (t1 - t0) / 1e6, naiveEvals, (t2 - t1) / 1e6);
        assertEquals(((PowerLawFit.Fitted) slow).ksDistance(), ((PowerLawFit.Fitted) fast).ksDistance(), 1e-12);
        assertTrue(evals < naiveEvals / 20, "evaluations " + evals);
    }
}
