package dev.spectral.internal.outofcore;

import org.netlib.util.intW;

/**
 * LU with partial pivoting inside each block column (dgetrf on the whole column below the diagonal, so rows may move
 * between blocks). Left-looking with the interchanges replayed: the column is brought up to date panel by panel, and
 * before panel K is applied the column gets panel K's interchanges, so that it is in the row order panel K's factor
 * was computed in. Only the L part (and the diagonal tile, L and U) is stored; U's off-diagonal tiles are used while
 * the column is in memory and dropped, since the determinant needs only U's diagonal.
 */
final class LuColumns extends ColumnFactorizer {
    /** The largest interchange partner so far: leading minors below it are not products of pivots. */
    private int maxPartner;
    private final int[] ipiv;

    LuColumns(Blocks blocks, double[] panel, Diagonal diag, TileReader reader, PanelWriter writer, int firstColumn) {
        super(blocks, panel, diag, reader, writer);
        this.ipiv = new int[blocks.b()];
        maxPartner = -1;
        for (int i = 0; i < blocks.start(Math.min(firstColumn, blocks.count())) && i < blocks.n(); i++) {
            maxPartner = Math.max(maxPartner, diag.pivot[i]);
        }
    }

    @Override
    boolean symmetric() {
        return false;
    }

    @Override
    void update(int column) {
        int n = blocks.n();
        int w = blocks.size(column);
        int nb = blocks.count();
        for (int k = 0; k < column; k++) {
            int s = blocks.start(k);
            int bk = blocks.size(k);
            for (int r = s; r < s + bk; r++) {
                int p = diag.pivot[r];
                if (p != r) {
                    for (int c = 0; c < w; c++) {
                        double t = panel[r + c * n];
                        panel[r + c * n] = panel[p + c * n];
                        panel[p + c * n] = t;
                    }
                }
            }
            TileReader.Tile head = reader.next(); // L_KK \ U_KK
            blas.dtrsm("L", "L", "N", "U", bk, w, 1.0, head.data(), 0, bk, panel, s, n);
            flops += (double) bk * bk * w;
            reader.release(head);
            for (int i = k + 1; i < nb; i++) {
                TileReader.Tile t = reader.next(); // L_IK
                blas.dgemm("N", "N", t.rows(), w, bk, -1.0, t.data(), 0, t.rows(), panel, s, n, 1.0, panel,
                        blocks.start(i), n);
                flops += 2.0 * t.rows() * w * bk;
                reader.release(t);
            }
        }
    }

    @Override
    Outcome factor(int column) {
        int n = blocks.n();
        int w = blocks.size(column);
        int start = blocks.start(column);
        int m = n - start;
        intW info = new intW(0);
        lapack.dgetrf(m, w, panel, start, n, ipiv, 0, info);
        flops += (double) m * w * w - (double) w * w * w / 3;
        int limit = info.val > 0 ? info.val - 1 : w;
        for (int i = 0; i < limit; i++) {
            int g = start + i;
            int p = start + ipiv[i] - 1;
            diag.pivot[g] = p;
            maxPartner = Math.max(maxPartner, p);
            double u = panel[g + i * n];
            diag.logAbs[g] = Math.log(Math.abs(u));
            diag.sign[g] = (byte) ((u < 0) != (p != g) ? -1 : 1);
            diag.exact[g] = (byte) (maxPartner <= g ? 1 : 0);
        }
        if (info.val > 0) {
            return new Outcome(Status.SINGULAR, info.val - 1);
        }
        writeTiles(column, column);
        return Outcome.OK;
    }
}
