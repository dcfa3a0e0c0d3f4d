package dev.spectral.internal.outofcore;

import dev.spectral.SpectralException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes finished tiles on a background thread while the computation goes on, then (on a second thread) forces each
 * finished column file to disk and commits it in the state file. Columns are written and committed in order.
 *
 * <p>Tiles are written straight from the computing thread's block column; the caller promises not to modify a tile
 * after handing it over until {@link #awaitWritten} says its column is on its way to disk.
 */
final class PanelWriter implements AutoCloseable {
    private final ScratchDir scratch;
    private final PanelFormat format;
    private final Diagonal diag;
    private final int kindCode;
    private final ScratchDir.State template;
    private final IoStats stats;
    private final ChunkWriter out;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> daemon(r, "spectral-ooc-writer"));
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> daemon(r, "spectral-ooc-commit"));
    private final Object monitor = new Object();
    private FileChannel channel;
    /** Finished column files waiting for the committer (closed by {@link #close} if the run stops first). */
    private final java.util.concurrent.ConcurrentLinkedQueue<FileChannel> uncommitted =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private int written;
    private int committed;
    private Throwable failure;

    PanelWriter(ScratchDir scratch, PanelFormat format, Diagonal diag, int kindCode, ScratchDir.State template,
                int firstColumn, IoStats stats) {
        this.scratch = scratch;
        this.format = format;
        this.diag = diag;
        this.kindCode = kindCode;
        this.template = template;
        this.stats = stats;
        this.out = new ChunkWriter(Planner.ioChunkBytes(format.blocks().b()));
        this.written = firstColumn;
        this.committed = firstColumn;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void beginPanel(int column) {
        submit(column, () -> {
            channel = FileChannel.open(scratch.panel(column), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        });
    }

    void writeTile(int column, int tile, double[] src, int off, int ld, int rows, int cols) {
        submit(column, () -> {
            long before = out.bytesWritten();
            TileCodec.write(out, channel, format.tileOffset(column, tile), column, tile, src, off, ld, rows, cols);
            stats.bytesWritten.addAndGet(out.bytesWritten() - before);
        });
    }

    /** Writes the column's record, then forces the file and commits the column on the committing thread. */
    void finishPanel(int column) {
        submit(column, () -> {
            long before = out.bytesWritten();
            int start = format.blocks().start(column);
            int w = format.blocks().size(column);
            ColumnRecord.write(out, channel, format.recordOffset(column), column, start, w, kindCode, diag);
            stats.bytesWritten.addAndGet(out.bytesWritten() - before);
            FileChannel done = channel;
            channel = null;
            uncommitted.add(done);
            synchronized (monitor) {
                written = column + 1;
                monitor.notifyAll();
            }
            committer.execute(guard(() -> {
                long t0 = System.nanoTime();
                try {
                    done.force(true);
                    done.close();
                    uncommitted.remove(done);
                } catch (IOException e) {
                    throw new IOException(scratch.panel(column) + ": " + e.getMessage(), e);
                }
                scratch.writeState(new ScratchDir.State(template.fingerprint(), template.kind(), template.n(),
                        template.blockSize(), column + 1));
                stats.busyNanos.addAndGet(System.nanoTime() - t0);
                synchronized (monitor) {
                    committed = column + 1;
                    monitor.notifyAll();
                }
            }));
        });
    }

    /** Waits until column {@code column}'s file is completely written (not necessarily forced). */
    void awaitWritten(int column) {
        waitFor(() -> written > column, true);
    }

    /** As {@link #awaitWritten}, from an I/O thread (not counted as the computation waiting). */
    void awaitWrittenFromIo(int column) {
        waitFor(() -> written > column, false);
    }

    /** Waits until every column below {@code columns} is committed. */
    void awaitCommitted(int columns) {
        waitFor(() -> committed >= columns, true);
    }

    /** Throws the first failure of the I/O threads, if any. */
    void check() {
        synchronized (monitor) {
            rethrow();
        }
    }

    private void waitFor(java.util.function.BooleanSupplier done, boolean counted) {
        long t0 = System.nanoTime();
        synchronized (monitor) {
            try {
                while (!done.getAsBoolean()) {
                    rethrow();
                    monitor.wait();
                }
                rethrow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpectralException("interrupted while waiting for scratch writes", e);
            } finally {
                if (counted) {
                    stats.waitNanos.addAndGet(System.nanoTime() - t0);
                }
            }
        }
    }

    private void rethrow() {
        if (failure != null) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            throw new SpectralException("cannot write scratch files in " + scratch.dir() + ": " + failure.getMessage(),
                    failure);
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private void submit(int column, IoTask task) {
        check();
        writer.execute(guard(() -> {
            long t0 = System.nanoTime();
            try {
                task.run();
            } catch (IOException e) {
                throw new IOException(scratch.panel(column) + ": " + e.getMessage(), e);
            }
            stats.busyNanos.addAndGet(System.nanoTime() - t0);
        }));
    }

    private Runnable guard(IoTask task) {
        return () -> {
            synchronized (monitor) {
                if (failure != null) {
                    return;
                }
            }
            try {
                task.run();
            } catch (Throwable t) {
                synchronized (monitor) {
                    if (failure == null) {
                        failure = t;
                    }
                    monitor.notifyAll();
                }
            }
        };
    }

    /** Stops both threads; unfinished columns stay uncommitted (a resumed run rewrites them). */
    @Override
    public void close() {
        writer.shutdownNow();
        committer.shutdownNow();
        try {
            writer.awaitTermination(1, TimeUnit.MINUTES);
            committer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (channel != null) {
            uncommitted.add(channel);
        }
        for (FileChannel ch : uncommitted) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // an uncommitted column: rewritten on resume
            }
        }
        uncommitted.clear();
    }

    /** Lets both threads finish what they were given (used on success, before close). */
    void drain() {
        writer.shutdown();
        try {
            writer.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpectralException("interrupted while finishing scratch writes", e);
        }
        committer.shutdown();
        try {
            committer.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpectralException("interrupted while finishing scratch commits", e);
        }
        check();
    }
}
