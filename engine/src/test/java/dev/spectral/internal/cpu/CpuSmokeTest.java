package dev.spectral.internal.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spectral.Backends;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import org.junit.jupiter.api.Test;

class CpuSmokeTest {
    @Test
    void diagonalMatrix() {
        try (DenseBackend b = Backends.cpu()) {
            DenseMatrix a = DenseMatrix.diagonal(new double[] {3, 1, 2});
            assertEquals(1.0, b.eigh(a, EigenSelection.all(), false).values()[0], 1e-15);
            assertEquals(Math.log(6), b.logdet(a, Factorization.AUTO).logAbsDet(), 1e-14);
        }
    }
}
