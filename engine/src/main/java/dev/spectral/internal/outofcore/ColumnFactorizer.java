package dev.spectral.internal.outofcore;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.linalg.Factorization;

/**
 * Left-looking block-column factorization. Block column J lives in memory as the panel: it is filled from the source,
 * updated with every earlier factor column K &lt; J streamed from scratch (each read once per J), factored, and its
 * factor tiles are handed to the writer as soon as each is final.
 */
abstract class ColumnFactorizer {
    /** What factoring a column found. */
    record Outcome(Status status, int localRow) {
        static final Outcome OK = new Outcome(Status.OK, -1);
    }

    enum Status { OK, SINGULAR, NOT_POSITIVE_DEFINITE }

    final Blocks blocks;
    final double[] panel;
    final Diagonal diag;
    final TileReader reader;
    final PanelWriter writer;
    final BLAS blas = NetlibRuntime.get().blas();
    final LAPACK lapack = NetlibRuntime.get().lapack();
    double flops;

    ColumnFactorizer(Blocks blocks, double[] panel, Diagonal diag, TileReader reader, PanelWriter writer) {
        this.blocks = blocks;
        this.panel = panel;
        this.diag = diag;
        this.reader = reader;
        this.writer = writer;
    }

    static ColumnFactorizer create(Factorization kind, Blocks blocks, double[] panel, Diagonal diag, TileReader reader,
                                   PanelWriter writer, int firstColumn) {
        return switch (kind) {
            case CHOLESKY -> new CholeskyColumns(blocks, panel, diag, reader, writer);
            case LDL -> new LdlColumns(blocks, panel, diag, reader, writer);
            case LU -> new LuColumns(blocks, panel, diag, reader, writer, firstColumn);
            case AUTO -> throw new IllegalArgumentException("AUTO");
        };
    }

    /** True when only the lower triangle is read and stored. */
    abstract boolean symmetric();

    /** The panel's first row: J·b for symmetric factorizations, 0 for LU. */
    int firstRow(int column) {
        return symmetric() ? blocks.start(column) : 0;
    }

    /** The panel's height (its leading dimension). */
    int height(int column) {
        return blocks.n() - firstRow(column);
    }

    /** The tiles column J streams, in the order {@link #update} takes them. */
    TileReader.ColumnStream stream(int column) {
        return new TileReader.ColumnStream(column, !symmetric());
    }

    /** Applies every earlier factor column to the panel. */
    abstract void update(int column);

    /** Factors the panel, records its diagonal and hands its tiles to the writer. */
    abstract Outcome factor(int column);

    /** Tile I of the panel starts at this offset (row I·b of the matrix). */
    int tileOffset(int column, int tile) {
        return blocks.start(tile) - firstRow(column);
    }

    void writeTiles(int column, int from) {
        int h = height(column);
        int w = blocks.size(column);
        for (int i = from; i < blocks.count(); i++) {
            store(column, i, tileOffset(column, i), h, blocks.size(i), w);
        }
    }

    /**
     * Hands a finished tile to the writer. The last block column is never stored: no later column reads it, and once
     * it is factored the run is over (a crash during it redoes just that column).
     */
    void store(int column, int tile, int off, int h, int rows, int w) {
        if (column < blocks.count() - 1) {
            writer.writeTile(column, tile, panel, off, h, rows, w);
        }
    }
}
