package dev.spectral.flodance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import dev.spectral.outofcore.LeadingLogdets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlodanceTest {
    /** log det K_m for m = 1..n whose increments follow ν log m + c + Σ β_i m^{-i} exactly, plus optional AR(1) noise. */
    static double[] synthetic(int n, double nu, double c, double[] beta, double sigma, double rho, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[n];
        double s = 0;
        double eps = 0;
        for (int m = 1; m <= n; m++) {
            double d = nu * Math.log(m) + c;
            for (int i = 0; i < beta.length; i++) {
                d += beta[i] * Math.pow(m, -(i + 1));
            }
            eps = rho * eps + Math.sqrt(1 - rho * rho) * sigma * rnd.nextGaussian();
            s += d + eps;
            y[m - 1] = s;
        }
        return y;
    }

    @Test
    void recoversTheLawExactlyFromNoiseFreeData() {
        double nu = -0.8;
        double c = 1.5;
        double[] beta = {3.0, -7.0};
        double[] y = synthetic(20_000, nu, c, beta, 0, 0, 1);
        double[] sample = java.util.Arrays.copyOf(y, 1000);
        FlodanceModel model = Flodance.fit(sample, FlodanceOptions.defaults().withBurnIn(50));
        assertEquals(nu, model.nu(), 1e-9);
        assertEquals(c, model.constant(), 1e-8);
        // corrections are in the basis (n0/m)^i
        assertEquals(beta[0] / 50, model.corrections()[0], 1e-7);
        assertEquals(beta[1] / (50.0 * 50), model.corrections()[1], 1e-7);
        for (int n : new int[] {1000, 2000, 5000, 20_000}) {
            Prediction p = model.predict(n);
            assertEquals(y[n - 1], p.logdet(), 1e-9 * Math.abs(y[n - 1]), "n = " + n);
            assertTrue(p.standardError() < 1e-6 * Math.abs(y[n - 1]));
        }
        assertEquals(y[499], model.predict(500).logdet(), 1e-9 * Math.abs(y[499]), "backwards from n_s");
    }

    @Test
    void stridedDataGiveTheSameLaw() {
        double[] y = synthetic(3000, 0.4, -2, new double[] {1.0}, 0, 0, 2);
        int stride = 7;
        int count = 3000 / stride;
        int[] sizes = new int[count];
        double[] vals = new double[count];
        int[] signs = new int[count];
        for (int k = 0; k < count; k++) {
            sizes[k] = (k + 1) * stride;
            vals[k] = y[sizes[k] - 1];
            signs[k] = 1;
        }
        FlodanceModel model = Flodance.fit(new LeadingLogdets(sizes, vals, signs, stride, 0),
                FlodanceOptions.defaults().withCorrections(1).withBurnIn(70));
        assertEquals(0.4, model.nu(), 1e-9);
        assertEquals(-2, model.constant(), 1e-8);
    }

    @Test
    void noisyDataCoverTheTruthAtTheStatedRate() {
        // 400 replicates of i.i.d. noise: ν within 1.96 SE and the prediction at 5 n_s within 1.96 SE about 95% of the
        // time. With 400 trials the binomial standard deviation of a 95% rate is 1.1%; accept 95% ± 4 sd.
        int trials = 400;
        int nuCovered = 0;
        int predCovered = 0;
        int ns = 800;
        int target = 4000;
        for (int t = 0; t < trials; t++) {
            double[] y = synthetic(target, 0.6, -1, new double[] {2.0, -1.0}, 0.3, 0, 100 + t);
            FlodanceModel m = Flodance.fit(java.util.Arrays.copyOf(y, ns), FlodanceOptions.defaults().withBurnIn(40));
            if (Math.abs(m.nu() - 0.6) <= 1.96 * m.nuStandardError()) {
                nuCovered++;
            }
            Prediction p = m.predict(target);
            if (Math.abs(p.logdet() - y[target - 1]) <= 1.96 * p.standardError()) {
                predCovered++;
            }
        }
        double nuRate = nuCovered / (double) trials;
        double predRate = predCovered / (double) trials;
        assertTrue(Math.abs(nuRate - 0.95) <= 0.045, "coverage of nu " + nuRate);
        assertTrue(Math.abs(predRate - 0.95) <= 0.045, "coverage of the prediction " + predRate);
    }

    @Test
    void correlatedNoiseIsAccountedFor() {
        // AR(1) increments with ρ = 0.6: without the long-run factor (1+ρ)/(1-ρ) = 4 the intervals would be half as
        // wide and cover about 66%; with it, near 95%. The factor is a large-sample approximation: accept 88-99%.
        int trials = 300;
        int covered = 0;
        double rhoSum = 0;
        for (int t = 0; t < trials; t++) {
            double[] y = synthetic(3000, 0.5, 0.2, new double[] {1.0}, 0.2, 0.6, 5000 + t);
            FlodanceModel m = Flodance.fit(java.util.Arrays.copyOf(y, 1000), FlodanceOptions.defaults()
                    .withCorrections(1).withBurnIn(50));
            rhoSum += m.autocorrelation();
            Prediction p = m.predict(3000);
            if (Math.abs(p.logdet() - y[2999]) <= 1.96 * p.standardError()) {
                covered++;
            }
        }
        double rate = covered / (double) trials;
        assertEquals(0.6, rhoSum / trials, 0.05, "estimated autocorrelation");
        assertTrue(rate >= 0.88 && rate <= 0.99, "coverage " + rate);
    }

    @Test
    void refusesTooLittleData() {
        double[] y = synthetic(6, 0.5, 0, new double[0], 0, 0, 3); // 5 increments, 4 coefficients: too few
        assertThrows(InvalidInputException.class, () -> Flodance.fit(y, FlodanceOptions.defaults()));
        assertThrows(InvalidInputException.class, () -> Flodance.fit(new double[] {1, 2, Double.NaN, 4, 5, 6, 7, 8, 9},
                FlodanceOptions.defaults().withCorrections(0)));
    }

    @Test
    void curveRunsFromTheSampleSizeOutwards() {
        double[] y = synthetic(2000, 0.3, 0.1, new double[] {0.5}, 0.05, 0, 4);
        FlodanceModel m = Flodance.fit(java.util.Arrays.copyOf(y, 500), FlodanceOptions.defaults());
        var curve = m.curve(100_000, 9);
        assertEquals(500, curve.get(0).n());
        assertEquals(100_000, curve.get(8).n());
        assertEquals(y[499], curve.get(0).logdet(), 1e-12);
        for (int k = 1; k < curve.size(); k++) {
            assertTrue(curve.get(k).standardError() > curve.get(k - 1).standardError(), "uncertainty grows outwards");
        }
    }
}
