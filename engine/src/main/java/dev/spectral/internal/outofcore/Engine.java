package dev.spectral.internal.outofcore;

import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import dev.spectral.internal.cpu.NativeThreads;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.LeadingLogdets;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import dev.spectral.outofcore.Plan;
import dev.spectral.outofcore.Progress;
import dev.spectral.outofcore.ScratchCorruptedException;
import dev.spectral.outofcore.TileSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/** Runs one out-of-core factorization: scratch set-up and resume, the column loop, results. */
public final class Engine {
    private final TileSource source;
    private final OutOfCoreOptions options;
    private final Factorization kind;
    private final int n;

    private Engine(TileSource source, OutOfCoreOptions options) {
        this.source = source;
        this.options = options;
        this.kind = options.factorization();
        this.n = source.order();
    }

    public static OutOfCoreResult run(TileSource source, OutOfCoreOptions options) {
        Engine e = new Engine(source, options);
        // LAPACK needs a large stack; the whole loop runs on one native thread.
        return NativeThreads.call(e::execute);
    }

    /** The scratch directory used when none is given: under java.io.tmpdir, named after the matrix and settings. */
    public static Path defaultScratchDir(String fingerprint) {
        CRC32C c = new CRC32C();
        c.update(fingerprint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Path.of(System.getProperty("java.io.tmpdir"), String.format("spectral-ooc-%08x", c.getValue()));
    }

    public static String fingerprint(TileSource source, Factorization kind) {
        return "factorization=" + kind + ";n=" + source.order() + ";source=" + source.identity();
    }

    private OutOfCoreResult execute() {
        long wall0 = System.nanoTime();
        String fingerprint = fingerprint(source, kind);
        Path dir = options.scratchDir() != null ? options.scratchDir() : defaultScratchDir(fingerprint);
        ScratchDir scratch = ScratchDir.open(dir);
        boolean success = false;
        boolean discard = false;
        try {
            Optional<ScratchDir.State> state = scratch.readState();
            int b;
            int committed;
            if (state.isPresent()) {
                ScratchDir.State s = state.get();
                if (!s.fingerprint().equals(fingerprint)) {
                    throw new InvalidInputException("scratch directory " + scratch.dir() + " holds a run for a different "
                            + "matrix or factorization (" + s.fingerprint() + "); use another scratch directory or "
                            + "delete it");
                }
                if (!options.resume()) {
                    throw new InvalidInputException("scratch directory " + scratch.dir() + " holds an interrupted run of "
                            + "this matrix (" + s.committed() + " of " + new Blocks(n, s.blockSize()).count()
                            + " block columns finished); resume it (--resume) or delete the directory to start over");
                }
                if (options.blockSize() > 0 && options.blockSize() != s.blockSize()) {
                    throw new InvalidInputException("scratch directory " + scratch.dir() + " holds a run with block size "
                            + s.blockSize() + ", not " + options.blockSize() + "; resume with the same block size");
                }
                b = s.blockSize();
                committed = s.committed();
            } else {
                b = 0;
                committed = 0;
            }
            Plan plan = Planner.plan(n, kind, options.maxMemoryBytes(), state.isPresent() ? b : options.blockSize(),
                    options.leadingStride());
            b = plan.blockSize();
            Blocks blocks = new Blocks(n, b);
            PanelFormat format = new PanelFormat(blocks);
            if (committed < 0 || committed > blocks.count()) {
                throw new ScratchCorruptedException(scratch.stateFile(), "records " + committed + " finished columns of "
                        + blocks.count());
            }
            ScratchDir.State template = new ScratchDir.State(fingerprint, kind, n, b, committed);
            verifyCommitted(scratch, format, committed);
            scratch.deletePanelsFrom(committed);
            preflight(scratch, format, committed);
            // No state file is written before the first commit: panel files without a state are uncommitted
            // leftovers that a later run deletes.

            Diagonal diag = new Diagonal(n, kind);
            ChunkReader in = new ChunkReader(Planner.ioChunkBytes(b));
            loadRecords(scratch, format, committed, diag, in);
            Run run = new Run(blocks, format, scratch, template, diag, in, committed, plan);
            OutOfCoreResult result = run.loop(wall0);
            success = true;
            return result;
        } catch (NotPositiveDefinite e) {
            discard = true; // nothing worth resuming: the input is not what Cholesky needs
            throw new InvalidInputException(e.getMessage());
        } catch (IOException e) {
            throw new SpectralException("scratch directory " + scratch.dir() + ": " + e.getMessage(), e);
        } finally {
            // Nothing to resume when the run succeeded, when the input itself was refused, or when no state was ever
            // written (a refusal before the first column).
            if (success || discard || Files.notExists(scratch.stateFile())) {
                scratch.removeAll();
            } else {
                scratch.close();
            }
        }
    }

    /** Every committed column file must exist with exactly its expected size. */
    private static void verifyCommitted(ScratchDir scratch, PanelFormat format, int committed) throws IOException {
        for (int j = 0; j < committed; j++) {
            Path p = scratch.panel(j);
            long size;
            try {
                size = Files.size(p);
            } catch (NoSuchFileException e) {
                throw new ScratchCorruptedException(p, "is missing (the state file says column " + j + " is finished)");
            }
            long expect = format.fileBytes(j);
            if (size != expect) {
                throw new ScratchCorruptedException(p, (size < expect ? "is truncated: " : "has the wrong size: ") + size
                        + " bytes, expected " + expect);
            }
        }
    }

    private void preflight(ScratchDir scratch, PanelFormat format, int committed) throws IOException {
        long need = 1 << 16; // state file and directory entries
        for (int j = committed; j < format.blocks().count() - 1; j++) { // the last column is never stored
            need += format.fileBytes(j);
        }
        long usable = options.diskSpace().usableBytes(scratch.dir());
        if (usable < need) {
            throw new InvalidInputException(String.format("not enough disk space for the scratch files in %s: the factor "
                    + "needs %s more, the file system has %s usable; free space or choose another scratch directory",
                    scratch.dir(), Planner.human(need), Planner.human(usable)));
        }
    }

    private void loadRecords(ScratchDir scratch, PanelFormat format, int committed, Diagonal diag, ChunkReader in)
            throws IOException {
        Blocks blocks = format.blocks();
        for (int j = 0; j < committed; j++) {
            Path p = scratch.panel(j);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                ColumnRecord.read(in, ch, p, format.recordOffset(j), j, blocks.start(j), blocks.size(j), kind.ordinal(),
                        diag);
            }
        }
    }

    /** Thrown inside the loop when Cholesky meets a non-positive pivot. */
    private static final class NotPositiveDefinite extends RuntimeException {
        NotPositiveDefinite(String message) {
            super(message, null, false, false);
        }
    }

    /** The column loop and its buffers. */
    private final class Run {
        private final Blocks blocks;
        private final Diagonal diag;
        private final int first;
        private final Plan plan;
        private final IoStats stats = new IoStats();
        private final PanelWriter writer;
        private final TileReader reader;
        private final ColumnFactorizer columns;
        private final double[] panel;

        Run(Blocks blocks, PanelFormat format, ScratchDir scratch, ScratchDir.State template, Diagonal diag,
            ChunkReader in, int first, Plan plan) {
            this.blocks = blocks;
            this.diag = diag;
            this.first = first;
            this.plan = plan;
            boolean symmetric = kind != Factorization.LU;
            int height = symmetric ? n - blocks.start(Math.min(first, blocks.count() - 1)) : n;
            // One extra column: netlib's bounds checks take an operand's last column as a full leading dimension.
            this.panel = new double[Math.multiplyExact(height, blocks.b() + 1)];
            this.writer = new PanelWriter(scratch, format, diag, kind.ordinal(), template, first, stats);
            this.reader = new TileReader(scratch, format, writer, stats, in);
            this.columns = ColumnFactorizer.create(kind, blocks, panel, diag, reader, writer, first);
        }

        OutOfCoreResult loop(long wall0) {
            long computeNanos = 0;
            long sourceNanos = 0;
            long run0 = System.nanoTime();
            double flopsBefore = 0;
            for (int j = 0; j < first; j++) {
                flopsBefore += Planner.columnFlops(blocks, kind, j);
            }
            int limit = n; // rows with a valid pivot
            boolean singular = false;
            try {
                for (int j = first; j < blocks.count(); j++) {
                    reader.submit(columns.stream(j));
                    if (j > first) {
                        writer.awaitWritten(j - 1); // the panel is about to be overwritten
                    }
                    boolean stored = j < blocks.count() - 1;
                    if (stored) {
                        writer.beginPanel(j);
                    }
                    long t0 = System.nanoTime();
                    int row0 = columns.firstRow(j);
                    int h = columns.height(j);
                    int w = blocks.size(j);
                    source.fill(row0, n, blocks.start(j), blocks.start(j) + w, panel, h);
                    requireFinite(row0, h, w, blocks.start(j));
                    long t1 = System.nanoTime();
                    sourceNanos += t1 - t0;
                    long wait0 = stats.waitNanos.get();
                    columns.update(j);
                    ColumnFactorizer.Outcome outcome = columns.factor(j);
                    computeNanos += System.nanoTime() - t1 - (stats.waitNanos.get() - wait0);
                    if (outcome.status() == ColumnFactorizer.Status.NOT_POSITIVE_DEFINITE) {
                        int row = blocks.start(j) + outcome.localRow();
                        throw new NotPositiveDefinite(String.format("the matrix is not positive definite: the leading "
                                + "minor of order %d is not positive (use the ldl factorization for symmetric "
                                + "indefinite matrices)", row + 1));
                    }
                    if (outcome.status() == ColumnFactorizer.Status.SINGULAR) {
                        limit = blocks.start(j) + outcome.localRow();
                        singular = true;
                        break;
                    }
                    if (stored) {
                        writer.finishPanel(j);
                    }
                    report(j, run0, flopsBefore);
                }
                // Success: commits still queued only protect columns that are about to be deleted, so they are
                // dropped rather than waited for (close() below); a failure of an earlier write would have stopped
                // the reader already.
                writer.check();
            } finally {
                reader.close();
                writer.close();
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            return result(limit, singular, wall, computeNanos, sourceNanos);
        }

        private void requireFinite(int row0, int h, int w, int col0) {
            for (int c = 0; c < w; c++) {
                // Symmetric strips: only the lower triangle of the diagonal block is used.
                int from = kind == Factorization.LU ? 0 : c;
                int base = c * h;
                for (int r = from; r < h; r++) {
                    double v = panel[base + r];
                    if (!Double.isFinite(v)) {
                        throw new InvalidInputException("the matrix has a non-finite entry " + v + " at (" + (row0 + r)
                                + ", " + (col0 + c) + ")");
                    }
                }
            }
        }

        private void report(int j, long run0, double flopsBefore) {
            double elapsed = (System.nanoTime() - run0) / 1e9;
            double done = columns.flops;
            double total = plan.flops();
            double fraction = Math.min(1.0, (flopsBefore + done) / total);
            double rate = elapsed > 0 ? done / elapsed : 0;
            double eta = rate > 0 ? Math.max(0, total - flopsBefore - done) / rate : Double.POSITIVE_INFINITY;
            long read = stats.bytesRead.get();
            long written = stats.bytesWritten.get();
            try {
                options.progress().onProgress(new Progress(j + 1, blocks.count(), fraction, elapsed, eta, rate / 1e9,
                        elapsed > 0 ? (read + written) / elapsed : 0, read, written));
            } catch (RuntimeException | Error e) {
                // A deliberate stop: let the columns already handed over reach the disk, so the next run resumes after
                // this one.
                try {
                    writer.drain();
                } catch (RuntimeException drainFailure) {
                    e.addSuppressed(drainFailure);
                }
                throw e;
            }
        }

        private OutOfCoreResult result(int limit, boolean singular, double wall, long computeNanos, long sourceNanos) {
            double sum = 0;
            double comp = 0;
            int sign = 1;
            int stride = options.leadingStride();
            int count = 0;
            int skipped = 0;
            int cap = limit / stride + 2;
            int[] sizes = new int[cap];
            double[] values = new double[cap];
            int[] signs = new int[cap];
            for (int i = 0; i < limit; i++) {
                // Neumaier summation keeps the running sum accurate over millions of terms.
                double v = diag.logAbs[i];
                double t = sum + v;
                comp += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
                sum = t;
                sign *= diag.sign[i];
                int m = i + 1;
                if (m % stride == 0 || m == n) {
                    if (diag.exact[i] == 1) {
                        sizes[count] = m;
                        values[count] = sum + comp;
                        signs[count] = sign;
                        count++;
                    } else {
                        skipped++;
                    }
                }
            }
            LeadingLogdets leading = new LeadingLogdets(Arrays.copyOf(sizes, count), Arrays.copyOf(values, count),
                    Arrays.copyOf(signs, count), stride, skipped);
            int[] pivots = new int[0];
            if (kind != Factorization.CHOLESKY) {
                for (int i = 0; i < limit; i++) {
                    if (diag.pivot[i] != i) {
                        pivots = Arrays.copyOf(diag.pivot, limit);
                        break;
                    }
                }
            }
            double logAbs = singular ? Double.NEGATIVE_INFINITY : sum + comp;
            long flops = (long) columns.flops;
            return new OutOfCoreResult(logAbs, singular ? 0 : sign, kind, n, blocks.b(), blocks.count(), leading, pivots,
                    wall, computeNanos / 1e9, sourceNanos / 1e9, stats.busyNanos.get() / 1e9,
                    stats.waitNanos.get() / 1e9, stats.bytesRead.get(), stats.bytesWritten.get(), flops,
                    wall > 0 ? flops / wall / 1e9 : 0, first, options.scratchDir() != null ? options.scratchDir()
                    : defaultScratchDir(fingerprint(source, kind)));
        }
    }
}
