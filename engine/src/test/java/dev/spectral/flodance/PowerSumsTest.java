package dev.spectral.flodance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PowerSumsTest {
    /** Term-by-term sum in extended precision (Neumaier), the reference. */
    private static double direct(double s, long a, long b, boolean log) {
        double sum = 0;
        double comp = 0;
        for (long m = a + 1; m <= b; m++) {
            double v = log ? Math.log(m) : Math.pow(m, -s);
            double t = sum + v;
            comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        return sum + comp;
    }

    @Test
    void eulerMaclaurinMatchesDirectSums() {
        long[][] ranges = {{0, 10}, {5, 5000}, {0, 100_000}, {40, 300_000}, {1000, 2_000_000}, {31, 10_000}, {32, 9000}};
        double[] powers = {1, 2, 3, 0.5, -0.3, -1};
        for (long[] r : ranges) {
            double ref = direct(0, r[0], r[1], true);
            assertEquals(ref, PowerSums.log(r[0], r[1]), 1e-14 * Math.abs(ref), "log " + r[0] + ".." + r[1]);
            for (double s : powers) {
                double pref = direct(s, r[0], r[1], false);
                assertEquals(pref, PowerSums.power(s, r[0], r[1]), 1e-13 * Math.abs(pref),
                        "s = " + s + ", " + r[0] + ".." + r[1]);
            }
            assertEquals(r[1] - r[0], PowerSums.power(0, r[0], r[1]));
        }
    }
}
