package dev.spectral.estimate;

import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.operator.LinearOperator;
import java.util.Arrays;
import org.netlib.util.doubleW;
import org.netlib.util.intW;

/** ARPACK's implicitly restarted Lanczos (dsaupd/dseupd, reverse communication): independent truth for tests. */
final class Arpack {
    private Arpack() {}

    /** The k eigenvalues at one end ("LA" largest, "SA" smallest), ascending. */
    static double[] eigenvalues(LinearOperator a, int k, String which) {
        return NativeThreads.call(() -> {
            var arpack = NetlibRuntime.get().arpack();
            int n = a.rows();
            int ncv = Math.min(n, Math.max(2 * k + 1, 30));
            intW ido = new intW(0);
            doubleW tol = new doubleW(1e-13);
            double[] resid = new double[n];
            double[] v = new double[n * ncv];
            int[] iparam = new int[11];
            iparam[0] = 1;
            iparam[2] = 3000;
            iparam[6] = 1;
            int[] ipntr = new int[11];
            double[] workd = new double[3 * n];
            int lworkl = ncv * (ncv + 8);
            double[] workl = new double[lworkl];
            intW info = new intW(0);
            double[] x = new double[n];
            double[] y = new double[n];
            while (true) {
                arpack.dsaupd(ido, "I", n, which, k, tol, resid, ncv, v, n, iparam, ipntr, workd, workl, lworkl, info);
                if (ido.val != -1 && ido.val != 1) {
                    break;
                }
                System.arraycopy(workd, ipntr[0] - 1, x, 0, n);
                a.apply(x, y, 1);
                System.arraycopy(y, 0, workd, ipntr[1] - 1, n);
            }
            if (info.val < 0) {
                throw new IllegalStateException("dsaupd info " + info.val);
            }
            double[] d = new double[k];
            double[] z = new double[n * k];
            boolean[] select = new boolean[ncv];
            intW ierr = new intW(0);
            arpack.dseupd(false, "A", select, d, z, n, 0.0, "I", n, which, new intW(k), tol.val, resid, ncv, v, n,
                    iparam, ipntr, workd, workl, lworkl, ierr);
            if (ierr.val != 0) {
                throw new IllegalStateException("dseupd info " + ierr.val);
            }
            double[] out = Arrays.copyOf(d, k);
            Arrays.sort(out);
            return out;
        });
    }
}
