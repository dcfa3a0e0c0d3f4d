package dev.spectral.internal.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spectral.InvalidInputException;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void normalQuantilesMatchTables() {
        // reference values: scipy.stats.norm.ppf
        assertEquals(1.959963984540054, Stats.zForConfidence(0.95), 1e-13);
        assertEquals(2.5758293035489004, Stats.zForConfidence(0.99), 1e-13);
        assertEquals(1.6448536269514722, Stats.zForConfidence(0.90), 1e-13);
        assertEquals(0.6744897501960817, Stats.zForConfidence(0.5), 1e-13);
        assertEquals(4.891638475671085, Stats.zForConfidence(0.999999), 1e-10);
        assertEquals(0.0, Stats.normalQuantile(0.5), 1e-14);
    }

    @Test
    void normalCdfMatchesErfValues() {
        assertEquals(0.8413447460685429, Stats.normalCdf(1), 1e-15);
        assertEquals(0.9986501019683699, Stats.normalCdf(3), 1e-15);
        assertEquals(0.15865525393145707, Stats.normalCdf(-1), 1e-15);
        assertEquals(1.0, Stats.normalCdf(12), 0);
    }

    @Test
    void sampleMoments() {
        double[] x = {1, 2, 3, 4};
        assertEquals(2.5, Stats.mean(x, 4), 0);
        assertEquals(Math.sqrt(5.0 / 3), Stats.std(x, 4), 1e-15);
        assertEquals(0, Stats.std(x, 1), 0);
    }

    @Test
    void refusesBadLevels() {
        assertThrows(InvalidInputException.class, () -> Stats.zForConfidence(1.0));
        assertThrows(InvalidInputException.class, () -> Stats.zForConfidence(0));
    }
}
