package dev.spectral.internal.outofcore;

import org.netlib.util.intW;

/**
 * Cholesky, lower triangle: for each K &lt; J, A_{J:,J} -= L_{J:,K} L_{J,K}ᵀ (dsyrk on the diagonal tile, dgemm below),
 * then dpotrf on the diagonal tile and dtrsm on each tile below it.
 */
final class CholeskyColumns extends ColumnFactorizer {
    CholeskyColumns(Blocks blocks, double[] panel, Diagonal diag, TileReader reader, PanelWriter writer) {
        super(blocks, panel, diag, reader, writer);
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
            TileReader.Tile head = reader.next(); // L_{J,K}: w x bk
            int bk = head.cols();
            blas.dsyrk("L", "N", w, bk, -1.0, head.data(), 0, w, 1.0, panel, 0, h);
            flops += (double) w * (w + 1) * bk;
            for (int i = column + 1; i < nb; i++) {
                TileReader.Tile t = reader.next(); // L_{I,K}
                blas.dgemm("N", "T", t.rows(), w, bk, -1.0, t.data(), 0, t.rows(), head.data(), 0, w, 1.0, panel,
                        tileOffset(column, i), h);
                flops += 2.0 * t.rows() * w * bk;
                reader.release(t);
            }
            reader.release(head);
        }
    }

    @Override
    Outcome factor(int column) {
        int h = height(column);
        int w = blocks.size(column);
        int start = blocks.start(column);
        intW info = new intW(0);
        lapack.dpotrf("L", w, panel, 0, h, info);
        if (info.val > 0) {
            return new Outcome(Status.NOT_POSITIVE_DEFINITE, info.val - 1);
        }
        flops += (double) w * w * w / 3;
        for (int i = 0; i < w; i++) {
            diag.logAbs[start + i] = 2 * Math.log(panel[i + i * h]);
            diag.sign[start + i] = 1;
            diag.exact[start + i] = 1;
        }
        store(column, column, 0, h, w, w);
        for (int i = column + 1; i < blocks.count(); i++) {
            int r = blocks.size(i);
            int off = tileOffset(column, i);
            blas.dtrsm("R", "L", "T", "N", r, w, 1.0, panel, 0, h, panel, off, h);
            flops += (double) r * w * w;
            store(column, i, off, h, r, w);
        }
        return Outcome.OK;
    }
}
