package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tile reads from a {@code .npy} matrix of any size, never reading it whole: each read maps only the byte range that
 * covers the tile (in windows of at most {@link #MAX_WINDOW_BYTES}), copies the tile out and unmaps at once, so the
 * resident memory a read leaves behind is nothing and the memory it touches while running is about the tile's own
 * pages. float32 and float64, either byte order, C or Fortran order.
 *
 * <p>Thread-safe: reads share only the (thread-safe) file channel.
 */
public final class MappedNpy implements AutoCloseable {
    /** Largest byte range mapped at once. */
    public static final long MAX_WINDOW_BYTES = 64L << 20;

    private final Path file;
    private final long windowBytes;
    private final Npy.Header header;
    private final FileChannel channel;
    private final long rows;
    private final long cols;
    private final int elementSize;
    private final ValueLayout.OfDouble doubleLayout;
    private final ValueLayout.OfFloat floatLayout;

    private MappedNpy(Path file, Npy.Header header, FileChannel channel, long windowBytes) {
        this.file = file;
        this.windowBytes = windowBytes;
        this.header = header;
        this.channel = channel;
        this.rows = header.rows();
        this.cols = header.cols();
        this.elementSize = header.elementSize();
        ByteOrder order = header.byteOrder();
        this.doubleLayout = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
        this.floatLayout = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
    }

    /** Opens a 1-D or 2-D float32/float64 {@code .npy} file; its header is validated (and the size checked) at once. */
    public static MappedNpy open(Path file) {
        return open(file, MAX_WINDOW_BYTES);
    }

    /** With a smaller window, so that tests exercise the window splitting on small files. */
    static MappedNpy open(Path file, long windowBytes) {
        Npy.Header h = Npy.header(file);
        try {
            return new MappedNpy(file, h, FileChannel.open(file, StandardOpenOption.READ), windowBytes);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    public Npy.Header header() {
        return header;
    }

    public long rows() {
        return rows;
    }

    public long cols() {
        return cols;
    }

    /**
     * Copies rows [row0, row1) x columns [col0, col1) into {@code out}, column-major from {@code offset} with leading
     * dimension {@code ld}: entry (i, j) goes to {@code out[offset + (i - row0) + (j - col0) * ld]}.
     */
    public void readTile(long row0, long row1, long col0, long col1, double[] out, int offset, int ld) {
        if (row0 < 0 || col0 < 0 || row1 > rows || col1 > cols || row1 < row0 || col1 < col0) {
            throw new InvalidInputException(String.format("%s: tile [%d, %d) x [%d, %d) is outside the %d x %d matrix",
                    file, row0, row1, col0, col1, rows, cols));
        }
        long tileRows = row1 - row0;
        long tileCols = col1 - col0;
        if (tileRows == 0 || tileCols == 0) {
            return;
        }
        if (ld < tileRows || offset < 0 || offset + (tileRows - 1) + (tileCols - 1) * (long) ld >= out.length) {
            throw new IllegalArgumentException("output array too small for the tile");
        }
        try {
            if (header.fortranOrder()) {
                // Each column of the tile is one contiguous run of tileRows elements, columns `rows` apart.
                copyRuns(col0, col1, row0, row1, rows, out, offset, ld, true);
            } else {
                // Each row of the tile is one contiguous run of tileCols elements, rows `cols` apart.
                copyRuns(row0, row1, col0, col1, cols, out, offset, ld, false);
            }
        } catch (IOException e) {
            throw new SpectralException(file + ": cannot read tile [" + row0 + ", " + row1 + ") x [" + col0 + ", "
                    + col1 + "): " + e.getMessage(), e);
        }
    }

    /**
     * Copies runs: for each major index in [major0, major1) the minor indices [minor0, minor1) are contiguous in the
     * file, and consecutive majors are {@code stride} elements apart. Majors are grouped so a window stays below
     * the window size; a single run longer than that is split.
     */
    private void copyRuns(long major0, long major1, long minor0, long minor1, long stride, double[] out, int offset,
                          int ld, boolean majorIsColumn) throws IOException {
        long es = elementSize;
        long runElems = minor1 - minor0;
        long maxRunElems = Math.max(1, windowBytes / es);
        if (runElems > maxRunElems) {
            for (long m = major0; m < major1; m++) {
                for (long p = minor0; p < minor1; p += maxRunElems) {
                    copyWindow(m, m + 1, p, Math.min(minor1, p + maxRunElems), minor0, major0, stride, out, offset, ld,
                            majorIsColumn);
                }
            }
            return;
        }
        long strideBytes = stride * es;
        long runBytes = runElems * es;
        long group = Math.max(1, (windowBytes - runBytes) / strideBytes + 1);
        for (long m = major0; m < major1; m += group) {
            copyWindow(m, Math.min(major1, m + group), minor0, minor1, minor0, major0, stride, out, offset, ld,
                    majorIsColumn);
        }
    }

    private void copyWindow(long ma, long mb, long pa, long pb, long minorBase, long majorBase, long stride,
                            double[] out, int offset, int ld, boolean majorIsColumn) throws IOException {
        long es = elementSize;
        long first = header.dataOffset() + (ma * stride + pa) * es;
        long last = header.dataOffset() + ((mb - 1) * stride + pb) * es;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = channel.map(FileChannel.MapMode.READ_ONLY, first, last - first, arena);
            int run = (int) (pb - pa);
            for (long m = ma; m < mb; m++) {
                long base = ((m - ma) * stride) * es;
                if (majorIsColumn) {
                    // A column run lands contiguously in the column-major output.
                    int dest = offset + (int) (pa - minorBase) + (int) (m - majorBase) * ld;
                    if (es == 8) {
                        MemorySegment.copy(seg, doubleLayout, base, out, dest, run);
                    } else {
                        for (int k = 0; k < run; k++) {
                            out[dest + k] = seg.get(floatLayout, base + k * 4L);
                        }
                    }
                } else {
                    // A row run is scattered across columns of the output.
                    int dest = offset + (int) (m - majorBase) + (int) (pa - minorBase) * ld;
                    if (es == 8) {
                        for (int k = 0; k < run; k++) {
                            out[dest + k * ld] = seg.get(doubleLayout, base + k * 8L);
                        }
                    } else {
                        for (int k = 0; k < run; k++) {
                            out[dest + k * ld] = seg.get(floatLayout, base + k * 4L);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Read-only channel: nothing was written that could be lost.
        }
    }
}
