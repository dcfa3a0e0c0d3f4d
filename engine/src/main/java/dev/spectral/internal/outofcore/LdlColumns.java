package dev.spectral.internal.outofcore;

import org.netlib.util.intW;

/**
 * Block LDLᵀ with Bunch-Kaufman pivoting inside each diagonal block. With W_J the updated block column and
 * D_J = W_JJ = P L̂ D̃ L̂ᵀ Pᵀ its Bunch-Kaufman factorization (L̂ unit lower triangular, D̃ with 1x1 and 2x2 blocks),
 * the stored factor of column J is M_IJ = W_IJ P L̂^{-T} D̃^{-1} for I &gt; J, so that later columns update with
 * A_IJ' -= M_IJ D̃_J M_J'Jᵀ (one O(b²) scaling of the held tile, then dgemm), and det A = Π det D̃_J.
 *
 * <p>dsytrf returns L in the factored form P(1)L(1)P(2)L(2)..., whose earlier multiplier columns do not see later
 * interchanges; applying each interchange to the columns before it (as dgetrf does with dlaswp) gives L̂ = PᵀL.
 */
final class LdlColumns extends ColumnFactorizer {
    private final double[] y;
    private final int[] ipiv;
    private final int[] swapRow;
    private final int[] swapWith;
    private final double[] work;

    LdlColumns(Blocks blocks, double[] panel, Diagonal diag, TileReader reader, PanelWriter writer) {
        super(blocks, panel, diag, reader, writer);
        int b = blocks.b();
        y = new double[b * b];
        ipiv = new int[b];
        swapRow = new int[b];
        swapWith = new int[b];
        work = new double[Planner.LDL_WORK_COLUMNS * b];
    }

    @Override
    boolean symmetric() {
        return true;
    }

    @Override
    void update(int column) {
        int h = height(column);
        int w = blocks.size(column);
        int nb = blocks.count();
        for (int k = 0; k < column; k++) {
            TileReader.Tile head = reader.next(); // M_{J,K}: w x bk
            int bk = head.cols();
            scaleByD(head.data(), w, k);
            blas.dgemm("N", "T", w, w, bk, -1.0, head.data(), 0, w, y, 0, w, 1.0, panel, 0, h);
            flops += 2.0 * w * w * bk;
            for (int i = column + 1; i < nb; i++) {
                TileReader.Tile t = reader.next(); // M_{I,K}
                blas.dgemm("N", "T", t.rows(), w, bk, -1.0, t.data(), 0, t.rows(), y, 0, w, 1.0, panel,
                        tileOffset(column, i), h);
                flops += 2.0 * t.rows() * w * bk;
                reader.release(t);
            }
            reader.release(head);
        }
    }

    /** y = m · D̃_K (rows x bk), with D̃_K's 1x1 and 2x2 blocks from the diagonal record. */
    private void scaleByD(double[] m, int rows, int k) {
        int s = blocks.start(k);
        int bk = blocks.size(k);
        int c = 0;
        while (c < bk) {
            int g = s + c;
            if (diag.pivot[g] < 0) {
                double a = diag.d[g];
                double e = diag.e[g];
                double cc = diag.d[g + 1];
                int o0 = c * rows;
                int o1 = (c + 1) * rows;
                for (int r = 0; r < rows; r++) {
                    double x0 = m[o0 + r];
                    double x1 = m[o1 + r];
                    y[o0 + r] = a * x0 + e * x1;
                    y[o1 + r] = e * x0 + cc * x1;
                }
                c += 2;
            } else {
                double dd = diag.d[g];
                int o = c * rows;
                for (int r = 0; r < rows; r++) {
                    y[o + r] = dd * m[o + r];
                }
                c += 1;
            }
        }
    }

    @Override
    Outcome factor(int column) {
        int h = height(column);
        int w = blocks.size(column);
        int start = blocks.start(column);
        intW info = new intW(0);
        lapack.dsytrf("L", w, panel, 0, h, ipiv, 0, work, 0, work.length, info);
        flops += (double) w * w * w / 3;
        int swaps = 0;
        int maxPartner = -1;
        int k = 0;
        int limit = info.val > 0 ? info.val - 1 : w;
        while (k < w) {
            int g = start + k;
            if (ipiv[k] > 0) {
                int p = ipiv[k] - 1;
                swapRows(k, p, k, h);
                swapRow[swaps] = k;
                swapWith[swaps++] = p;
                maxPartner = Math.max(maxPartner, p);
                double dd = panel[k + k * h];
                diag.d[g] = dd;
                diag.e[g] = 0;
                diag.pivot[g] = start + p;
                if (k < limit) {
                    diag.logAbs[g] = Math.log(Math.abs(dd));
                    diag.sign[g] = (byte) (dd < 0 ? -1 : 1);
                    diag.exact[g] = (byte) (maxPartner <= k ? 1 : 0);
                }
                k += 1;
            } else {
                int p = -ipiv[k] - 1; // rows k + 1 and p were interchanged
                swapRows(k + 1, p, k, h);
                swapRow[swaps] = k + 1;
                swapWith[swaps++] = p;
                maxPartner = Math.max(maxPartner, p);
                double a = panel[k + k * h];
                double e = panel[(k + 1) + k * h];
                double c = panel[(k + 1) + (k + 1) * h];
                panel[(k + 1) + k * h] = 0; // D's entry, not L̂'s: L̂ is unit lower triangular with a zero here
                diag.d[g] = a;
                diag.d[g + 1] = c;
                diag.e[g] = e;
                diag.e[g + 1] = 0;
                diag.pivot[g] = -(start + p + 1);
                diag.pivot[g + 1] = -(start + p + 1);
                // det = a c - e² = e² (a/e · c/e - 1), computed so that it neither overflows nor cancels badly.
                double det = ((a / e) * c - e) * e;
                diag.logAbs[g] = 0;
                diag.sign[g] = 1;
                diag.exact[g] = 0;
                diag.logAbs[g + 1] = Math.log(Math.abs(det));
                diag.sign[g + 1] = (byte) (det < 0 ? -1 : 1);
                diag.exact[g + 1] = (byte) (maxPartner <= k + 1 ? 1 : 0);
                k += 2;
            }
        }
        if (info.val > 0) {
            return new Outcome(Status.SINGULAR, info.val - 1);
        }
        store(column, column, 0, h, w, w);
        for (int i = column + 1; i < blocks.count(); i++) {
            int r = blocks.size(i);
            int off = tileOffset(column, i);
            // X P: the interchanges as column swaps, in order.
            for (int s = 0; s < swaps; s++) {
                int c0 = swapRow[s];
                int c1 = swapWith[s];
                if (c0 != c1) {
                    for (int row = 0; row < r; row++) {
                        double t = panel[off + row + c0 * h];
                        panel[off + row + c0 * h] = panel[off + row + c1 * h];
                        panel[off + row + c1 * h] = t;
                    }
                }
            }
            blas.dtrsm("R", "L", "T", "U", r, w, 1.0, panel, 0, h, panel, off, h);
            flops += (double) r * w * w;
            divideByD(off, r, h, start, w);
            store(column, i, off, h, r, w);
        }
        return Outcome.OK;
    }

    /** Swaps rows a and b of the diagonal tile in its first {@code cols} columns (the multipliers before a step). */
    private void swapRows(int a, int b, int cols, int h) {
        if (a == b) {
            return;
        }
        for (int c = 0; c < cols; c++) {
            double t = panel[a + c * h];
            panel[a + c * h] = panel[b + c * h];
            panel[b + c * h] = t;
        }
    }

    /** X ← X D̃^{-1} for the rows x w tile at off. */
    private void divideByD(int off, int rows, int h, int start, int w) {
        int c = 0;
        while (c < w) {
            int g = start + c;
            if (diag.pivot[g] < 0) {
                double e = diag.e[g];
                double ak = diag.d[g] / e;
                double ac = diag.d[g + 1] / e;
                double scale = 1.0 / (e * (ak * ac - 1.0));
                int o0 = off + c * h;
                int o1 = off + (c + 1) * h;
                for (int r = 0; r < rows; r++) {
                    double x0 = panel[o0 + r];
                    double x1 = panel[o1 + r];
                    panel[o0 + r] = (ac * x0 - x1) * scale;
                    panel[o1 + r] = (ak * x1 - x0) * scale;
                }
                c += 2;
            } else {
                double inv = 1.0 / diag.d[g];
                int o = off + c * h;
                for (int r = 0; r < rows; r++) {
                    panel[o + r] *= inv;
                }
                c += 1;
            }
        }
    }
}
