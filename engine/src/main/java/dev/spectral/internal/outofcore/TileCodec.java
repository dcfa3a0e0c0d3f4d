package dev.spectral.internal.outofcore;

import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Reads and writes one tile record of a panel file (see {@link PanelFormat}). */
final class TileCodec {
    private TileCodec() {}

    /** Writes the rows x cols block of {@code src} starting at {@code off} (leading dimension ld). */
    static void write(ChunkWriter out, FileChannel ch, long pos, int panel, int tile, double[] src, int off, int ld,
                      int rows, int cols) throws IOException {
        out.begin(ch, pos);
        for (int c = 0; c < cols; c++) {
            out.putDoubles(src, off + c * ld, rows);
        }
        out.putInt(PanelFormat.TILE_MAGIC);
        out.putInt(panel);
        out.putInt(tile);
        out.putInt(rows);
        out.putInt(cols);
        out.finishWithCrc();
    }

    /** Reads a tile into dst (column-major, leading dimension rows), verifying its trailer and checksum. */
    static void read(ChunkReader in, FileChannel ch, Path file, long pos, int panel, int tile, int rows, int cols,
                     double[] dst) throws IOException {
        in.begin(ch, file, pos, 8L * rows * cols + PanelFormat.TRAILER_BYTES - 4);
        in.getDoubles(dst, 0, rows * cols);
        int magic = in.getInt();
        int p = in.getInt();
        int t = in.getInt();
        int r = in.getInt();
        int c = in.getInt();
        long[] crc = in.checksums();
        if (magic != PanelFormat.TILE_MAGIC || p != panel || t != tile || r != rows || c != cols) {
            throw new ScratchCorruptedException(file, String.format("has a damaged trailer for tile (row block %d, "
                    + "column block %d) at byte %d (read magic %08x, block (%d, %d), %d x %d)", tile, panel, pos,
                    magic, t, p, r, c));
        }
        if (crc[0] != crc[1]) {
            throw new ScratchCorruptedException(file, String.format("is corrupted: tile (row block %d, column block %d) "
                    + "at byte %d fails its CRC32C check (stored %08x, computed %08x)", tile, panel, pos, crc[0],
                    crc[1]));
        }
    }
}
