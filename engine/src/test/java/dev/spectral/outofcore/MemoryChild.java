package dev.spectral.outofcore;

import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.linalg.Factorization;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one out-of-core Cholesky under a memory cap in a child JVM and prints the peak resident set (VmHWM) before
 * and after: "base=<kB> peak=<kB> logdet=<value>". Arguments: capBytes n scratchDir.
 */
public final class MemoryChild {
    private MemoryChild() {}

    static long vmHwmKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        long cap = Long.parseLong(args[0]);
        int n = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        // Warm up: load the classes, JIT the loops, and let OpenBLAS allocate its own buffers on a 512 x 512 product
        // and a small out-of-core run, so that the baseline includes everything but the factorization's buffers.
        double[] m = new double[512 * 512];
        double[] c = new double[512 * 512];
        NetlibRuntime.get().blas().dgemm("N", "N", 512, 512, 512, 1.0, m, 512, m, 512, 0.0, c, 512);
        m = null;
        c = null;
        OutOfCore.factor(OutOfCoreChild.source(300), OutOfCoreOptions.of(Factorization.CHOLESKY, 8L << 20)
                .withScratchDir(dir.resolve("warm")));
        System.gc();
        long base = vmHwmKb();
        OutOfCoreOptions o = OutOfCoreOptions.of(Factorization.CHOLESKY, cap).withScratchDir(dir.resolve("run"));
        OutOfCoreResult r = OutOfCore.factor(OutOfCoreChild.source(n), o);
        long peak = vmHwmKb();
        System.out.println("base=" + base + " peak=" + peak + " blocks=" + r.blocks() + " b=" + r.blockSize()
                + " logdet=" + r.logAbsDet());
    }
}
