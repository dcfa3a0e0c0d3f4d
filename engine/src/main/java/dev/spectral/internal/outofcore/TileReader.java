package dev.spectral.internal.outofcore;

import dev.spectral.SpectralException;
import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Prefetches factor tiles on a background thread into a ring of {@link Planner#RING_TILES} buffers: while the
 * computation works on one tile (and holds another), the reader fills the third. Tiles come back in exactly the
 * order requested, each checked against its CRC32C.
 */
final class TileReader implements AutoCloseable {
    /**
     * The tiles one column streams, generated on the fly (a list would take memory quadratic in the number of
     * blocks): for each panel K &lt; column, tiles from {@code firstTile(K)} to the last.
     */
    record ColumnStream(int column, boolean fromDiagonalOfEachPanel) {
        int firstTile(int k) {
            return fromDiagonalOfEachPanel ? k : column;
        }
    }

    /** A tile in memory, column-major with leading dimension rows. */
    record Tile(int panel, int tile, int rows, int cols, double[] data) {}

    private record Failure(Throwable error) {}

    private static final int OPEN_FILES = 64;
    private static final Object STOP = new Object();

    private final ScratchDir scratch;
    private final PanelFormat format;
    private final PanelWriter writer;
    private final IoStats stats;
    private final ChunkReader in;
    private final BlockingQueue<double[]> free;
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> work = new LinkedBlockingQueue<>();
    private final Map<Integer, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, FileChannel> eldest) {
            if (size() > OPEN_FILES) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private final Thread thread;

    TileReader(ScratchDir scratch, PanelFormat format, PanelWriter writer, IoStats stats, ChunkReader in) {
        this.scratch = scratch;
        this.format = format;
        this.writer = writer;
        this.stats = stats;
        int b = format.blocks().b();
        this.in = in;
        this.free = new ArrayBlockingQueue<>(Planner.RING_TILES);
        for (int i = 0; i < Planner.RING_TILES; i++) {
            free.add(new double[b * b]);
        }
        thread = new Thread(this::loop, "spectral-ooc-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one column's tiles, in the order the computation will take them. */
    void submit(ColumnStream stream) {
        work.add(stream);
    }

    /** The next tile, waiting for it if needed. */
    Tile next() {
        long t0 = System.nanoTime();
        Object o;
        try {
            o = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpectralException("interrupted while waiting for a scratch tile", e);
        } finally {
            stats.waitNanos.addAndGet(System.nanoTime() - t0);
        }
        if (o instanceof Failure f) {
            ready.add(f); // later calls fail the same way
            if (f.error() instanceof RuntimeException r) {
                throw r;
            }
            throw new SpectralException("cannot read scratch files in " + scratch.dir() + ": " + f.error().getMessage(),
                    f.error());
        }
        return (Tile) o;
    }

    /** Gives a tile's buffer back to the reader. */
    void release(Tile tile) {
        free.add(tile.data());
    }

    private void loop() {
        try {
            while (true) {
                Object item = work.take();
                if (item == STOP) {
                    return;
                }
                ColumnStream stream = (ColumnStream) item;
                Blocks blocks = format.blocks();
                for (int k = 0; k < stream.column(); k++) {
                    writer.awaitWrittenFromIo(k);
                    for (int i = stream.firstTile(k); i < blocks.count(); i++) {
                        double[] buf = free.take();
                        long t0 = System.nanoTime();
                        read(k, i, blocks.size(i), blocks.size(k), buf);
                        stats.busyNanos.addAndGet(System.nanoTime() - t0);
                        ready.put(new Tile(k, i, blocks.size(i), blocks.size(k), buf));
                    }
                }
            }
        } catch (InterruptedException | ClosedByInterruptException e) {
            // closed: the run is over
        } catch (Throwable t) {
            ready.add(new Failure(t));
        }
    }

    private void read(int panel, int tile, int rows, int cols, double[] buf) throws IOException {
        Path file = scratch.panel(panel);
        FileChannel ch = open.get(panel);
        if (ch == null) {
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new ScratchCorruptedException(file, "is missing");
            }
            open.put(panel, ch);
        }
        long before = in.bytesRead();
        TileCodec.read(in, ch, file, format.tileOffset(panel, tile), panel, tile, rows, cols, buf);
        stats.bytesRead.addAndGet(in.bytesRead() - before);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FileChannel ch : open.values()) {
            closeQuietly(ch);
        }
        open.clear();
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
