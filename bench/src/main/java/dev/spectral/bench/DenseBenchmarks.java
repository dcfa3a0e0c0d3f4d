package dev.spectral.bench;

import dev.spectral.Backends;
import dev.spectral.io.Npy;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.SvdSelection;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense CPU-backend operations at the public API, as a user calls them: validation and the defensive copy of the
 * input are part of the measured cost. bench/run-bench.sh runs these against numpy on the same .npy files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss16m", "-Xmx3g"})
public class DenseBenchmarks {
    /** Matrix order. */
    @Param({"1000", "2000", "4000"})
    public int n;

    /**
     * Directory holding spd-&lt;n&gt;.npy (written by run-bench.sh, so numpy times the same matrix); empty: build
     * an SPD matrix in Java from a fixed seed instead.
     */
    @Param({""})
    public String dir;

    private DenseBackend cpu;
    private DenseMatrix a;

    @Setup(Level.Trial)
    public void setUp() {
        cpu = Backends.cpu();
        a = dir.isEmpty() ? spd(n, cpu) : Npy.read(Path.of(dir, "spd-" + n + ".npy"));
        if (a.rows() != n || a.cols() != n) {
            throw new IllegalStateException("expected a " + n + " x " + n + " matrix in " + dir + ", got " + a);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cpu.close();
    }

    /** G Gᵀ / n + I for a Gaussian G with a fixed seed: SPD with eigenvalues in about [1, 5]. */
    static DenseMatrix spd(int n, DenseBackend backend) {
        Random rng = new Random(20_240_601L + n);
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        DenseMatrix gm = DenseMatrix.of(n, n, g);
        DenseMatrix s = backend.multiply(gm, false, gm, true);
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = 0.5 * (s.get(i, j) + s.get(j, i)) / n + (i == j ? 1 : 0);
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
        return s;
    }

    /** All eigenvalues (dsyevd, no vectors). */
    @Benchmark
    public double[] eighValues() {
        return cpu.eigh(a, EigenSelection.all(), false).values();
    }

    /** All singular values (dgesdd, no vectors). */
    @Benchmark
    public double[] svdValues() {
        return cpu.svd(a, SvdSelection.all(), false).singularValues();
    }

    /** log det by Cholesky (dpotrf). */
    @Benchmark
    public double choleskyLogDet() {
        return cpu.logdet(a, Factorization.CHOLESKY).logAbsDet();
    }
}
