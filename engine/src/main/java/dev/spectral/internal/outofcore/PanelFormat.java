package dev.spectral.internal.outofcore;

/**
 * The layout of one block column's scratch file. Panel J holds tiles I = J..N-1 in order, each the rows of block I
 * by the columns of block J, column-major little-endian doubles followed by a 24-byte trailer
 * (magic, J, I, rows, cols, CRC32C of the data and the first 20 trailer bytes); then one per-column record
 * (see {@link ColumnRecord}). Because a column's stream reads tiles J'..N-1 of a panel, every read is one contiguous
 * range of one file.
 */
public final class PanelFormat {
    public static final int TILE_MAGIC = 0x53504c54; // "SPLT"
    public static final int TRAILER_BYTES = 24;

    private final Blocks blocks;

    public PanelFormat(Blocks blocks) {
        this.blocks = blocks;
    }

    public Blocks blocks() {
        return blocks;
    }

    public long tileBytes(int panel, int tile) {
        return 8L * blocks.size(tile) * blocks.size(panel) + TRAILER_BYTES;
    }

    /** Byte offset of tile I in panel J's file. */
    public long tileOffset(int panel, int tile) {
        // Every tile before the last has b rows.
        return (long) (tile - panel) * (8L * blocks.b() * blocks.size(panel) + TRAILER_BYTES);
    }

    /** Bytes of tiles [from, to) of a panel. */
    public long rangeBytes(int panel, int from, int to) {
        return tileOffset(panel, to - 1) + tileBytes(panel, to - 1) - tileOffset(panel, from);
    }

    public long recordOffset(int panel) {
        int last = blocks.count() - 1;
        return tileOffset(panel, last) + tileBytes(panel, last);
    }

    public long fileBytes(int panel) {
        return recordOffset(panel) + ColumnRecord.bytes(blocks.size(panel));
    }
}
