package dev.spectral.internal.outofcore;

import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The per-column record at the end of a panel file: magic, column, width, kind; then for the column's rows the
 * {@link Diagonal} entries (logAbs, d, e as doubles; pivot as ints; sign, exact as bytes); then a CRC32C.
 * Doubles come first so that they stay 8-byte aligned.
 */
final class ColumnRecord {
    static final int MAGIC = 0x5350434c; // "SPCL"

    private ColumnRecord() {}

    static long bytes(int w) {
        return 16L + 30L * w + 4;
    }

    static void write(ChunkWriter out, FileChannel ch, long pos, int column, int start, int w, int kind, Diagonal diag)
            throws IOException {
        out.begin(ch, pos);
        out.putInt(MAGIC);
        out.putInt(column);
        out.putInt(w);
        out.putInt(kind);
        out.putDoubles(diag.logAbs, start, w);
        if (diag.d != null) {
            out.putDoubles(diag.d, start, w);
            out.putDoubles(diag.e, start, w);
        } else {
            for (int i = 0; i < 2 * w; i++) {
                out.putDoubles(ZERO, 0, 1);
            }
        }
        for (int i = 0; i < w; i++) {
            out.putInt(diag.pivot[start + i]);
        }
        for (int i = 0; i < w; i++) {
            out.putByte(diag.sign[start + i]);
        }
        for (int i = 0; i < w; i++) {
            out.putByte(diag.exact[start + i]);
        }
        out.finishWithCrc();
    }

    private static final double[] ZERO = {0.0};

    static void read(ChunkReader in, FileChannel ch, Path file, long pos, int column, int start, int w, int kind,
                     Diagonal diag) throws IOException {
        in.begin(ch, file, pos, bytes(w) - 4);
        int magic = in.getInt();
        int col = in.getInt();
        int width = in.getInt();
        int k = in.getInt();
        if (magic != MAGIC || col != column || width != w || k != kind) {
            throw new ScratchCorruptedException(file, String.format(
                    "has a damaged column record at byte %d (magic %08x, column %d, width %d, kind %d; expected "
                            + "column %d, width %d, kind %d)", pos, magic, col, width, k, column, w, kind));
        }
        double[] scratch = new double[w];
        in.getDoubles(diag.logAbs, start, w);
        if (diag.d != null) {
            in.getDoubles(diag.d, start, w);
            in.getDoubles(diag.e, start, w);
        } else {
            in.getDoubles(scratch, 0, w);
            in.getDoubles(scratch, 0, w);
        }
        for (int i = 0; i < w; i++) {
            diag.pivot[start + i] = in.getInt();
        }
        for (int i = 0; i < w; i++) {
            diag.sign[start + i] = in.getByte();
        }
        for (int i = 0; i < w; i++) {
            diag.exact[start + i] = in.getByte();
        }
        long[] c = in.checksums();
        if (c[0] != c[1]) {
            throw new ScratchCorruptedException(file, String.format(
                    "has a corrupted column record at byte %d (CRC32C stored %08x, computed %08x)", pos, c[0], c[1]));
        }
    }
}
