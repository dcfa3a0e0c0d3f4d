package dev.spectral.outofcore;

import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import dev.spectral.linalg.Factorization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A factorization in a child JVM, for the kill -9 and memory tests. Arguments: scratchDir kind n blockSize out
 * sleepMillisPerColumn. The matrix is a Matérn kernel (plus nugget) on seeded random points in 2-D, so it needs no
 * memory of its own beyond 16·n bytes of coordinates. Writes the result's bits to {@code out}.
 */
public final class OutOfCoreChild {
    private OutOfCoreChild() {}

    static TileSource source(int n) {
        Random rnd = new Random(77);
        double[] xy = new double[2 * n];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = rnd.nextDouble();
        }
        return TileSource.kernel(Points.ofColumns(n, 2, xy), new Kernel.Matern(Kernel.Smoothness.HALF, 0.2), 1e-2);
    }

    static String describe(OutOfCoreResult r) {
        StringBuilder s = new StringBuilder();
        s.append("logdet ").append(Long.toHexString(Double.doubleToLongBits(r.logAbsDet()))).append('\n');
        s.append("sign ").append(r.sign()).append('\n');
        long h = 1;
        for (int k = 0; k < r.leading().count(); k++) {
            h = 31 * h + r.leading().sizes()[k];
            h = 31 * h + Double.doubleToLongBits(r.leading().logAbsDet()[k]);
        }
        s.append("leading ").append(Long.toHexString(h)).append('\n');
        return s.toString();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Factorization kind = Factorization.valueOf(args[1]);
        int n = Integer.parseInt(args[2]);
        int b = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        long sleep = Long.parseLong(args[5]);
        OutOfCoreOptions o = OutOfCoreOptions.of(kind, 1L << 30).withBlockSize(b).withScratchDir(dir).withProgress(p -> {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        OutOfCoreResult r = OutOfCore.factor(source(n), o);
        Files.writeString(out, describe(r) + "resumed " + r.resumedFromColumn() + "\n");
        System.out.println("done");
    }
}
