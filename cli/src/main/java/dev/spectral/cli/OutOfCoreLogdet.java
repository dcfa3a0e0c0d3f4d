package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.io.AtomicFiles;
import dev.spectral.linalg.Factorization;
import dev.spectral.outofcore.LeadingLogdets;
import dev.spectral.outofcore.OutOfCore;
import dev.spectral.outofcore.OutOfCoreOptions;
import dev.spectral.outofcore.OutOfCoreResult;
import dev.spectral.outofcore.Plan;
import dev.spectral.outofcore.TileSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code logdet --method out-of-core}: the blocked factorization from disk (or from a kernel generator) under a cap. */
final class OutOfCoreLogdet {
    @Option(names = "--max-mem", defaultValue = "1g", paramLabel = "SIZE",
            description = "For out-of-core: cap on the factorization's buffers, e.g. 512m, 8g (default ${DEFAULT-VALUE}). "
                    + "The JVM heap must be larger (SPECTRAL_JAVA_OPTS=-Xmx...).")
    String maxMem;

    @Option(names = "--scratch", paramLabel = "DIR",
            description = "For out-of-core: where the factor is written (default: a directory under java.io.tmpdir named after the matrix). "
                    + "Removed on success, kept on failure for --resume.")
    Path scratch;

    @Option(names = "--resume", description = "Continue an interrupted run from its last checkpoint: out-of-core from its --scratch directory, slq from its --checkpoint directory.")
    boolean resume;

    @Option(names = "--leading", paramLabel = "FILE.csv",
            description = "For out-of-core: write log det of the leading m x m submatrices (columns n,logdet,sign) to this CSV.")
    Path leadingFile;

    @Option(names = "--leading-stride", paramLabel = "S",
            description = "For out-of-core: report leading log-determinants at m = S, 2S, ..., n (default: about 1000 sizes).")
    Integer leadingStride;

    @Option(names = "--block-size", paramLabel = "B", description = "For out-of-core: block size (default: the largest the cap allows).")
    Integer blockSize;

    record Leading(int stride, int[] n, double[] logdet, int[] sign) {}

    record Result(Double logdet, int sign, boolean singular, String method, String factor, int n, String matrix,
            int blockSize, int blocks, long maxMemBytes, String scratch, int resumedFromColumn, double seconds,
            double secondsCompute, double secondsSource, double secondsIo, double secondsIoWait, long bytesRead,
            long bytesWritten, double flops, double gflops, int[] pivots, Leading leading, String leadingFile) {}

    int run(CommonOptions common, OperatorInput input, Factorization factor, PrintWriter w, PrintWriter err) {
        long cap = ByteSize.parse("--max-mem", maxMem);
        Factorization kind = factor == Factorization.AUTO ? Factorization.CHOLESKY : factor;
        try (TileSource source = source(input)) {
            int n = source.order();
            int stride = leadingStride != null ? leadingStride : Math.max(1, n / 1000);
            OutOfCoreOptions options = OutOfCoreOptions.of(kind, cap).withLeadingStride(stride).withResume(resume);
            if (scratch != null) {
                options = options.withScratchDir(scratch);
            }
            if (blockSize != null) {
                options = options.withBlockSize(blockSize);
            }
            Plan plan = OutOfCore.plan(n, options);
            checkHeap(cap, plan);
            OutOfCoreResult r;
            try (Progress bar = Progress.start(common, "logdet", 1000)) {
                ProgressLines lines = new ProgressLines(common, err);
                r = OutOfCore.factor(source, options.withProgress(p -> {
                    String msg = String.format(Locale.ROOT, "%.1f GF/s, I/O %.0f MB/s", p.gflopsPerSecond(),
                            p.ioBytesPerSecond() / 1e6);
                    bar.progress(Math.round(p.fraction() * 1000), 1000, msg);
                    lines.print(String.format(Locale.ROOT, "block column %d/%d, %.1f%% of the work, %s, %s elapsed, ETA %s",
                            p.columnsDone(), p.columns(), 100 * p.fraction(), msg, duration(p.secondsElapsed()),
                            duration(p.etaSeconds())));
                }));
            }
            if (leadingFile != null) {
                writeCsv(leadingFile, r.leading());
            }
            report(common, input, r, cap, w);
        }
        return ExitCodes.OK;
    }

    private TileSource source(OperatorInput input) {
        if ((input.input == null) == !input.data.present()) {
            throw new InvalidInputException("give exactly one of --input FILE.npy or --data ... --kernel ...");
        }
        if (input.input != null) {
            if (!input.input.toLowerCase(Locale.ROOT).endsWith(".npy")) {
                throw new InvalidInputException("out-of-core reads a square .npy file (memory-mapped); got " + input.input);
            }
            input.describe = input.input;
            return TileSource.npy(Path.of(input.input));
        }
        var points = input.data.points();
        var kernel = input.data.kernel(points);
        Double ls = KernelCommand.lengthscale(kernel);
        input.describe = String.format(Locale.ROOT, "%s kernel of %s (%d points%s, nugget %.3g; generated tile by tile)",
                kernel.name(), input.data.data, points.size(),
                ls == null ? "" : String.format(Locale.ROOT, ", lengthscale %.6g", ls), input.data.nugget);
        return TileSource.kernel(points, kernel, input.data.nugget);
    }

    /** The buffers live on the Java heap: refuse up front rather than fail with OutOfMemoryError hours in. */
    private static void checkHeap(long cap, Plan plan) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = plan.totalBytes() + (64L << 20);
        if (need > free) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "--max-mem %s needs %s of Java heap for the factorization's buffers but only %s is free; "
                            + "raise the heap (SPECTRAL_JAVA_OPTS=-Xmx%dm) or lower --max-mem",
                    ByteSize.format(cap), ByteSize.format(need), ByteSize.format(free),
                    (rt.maxMemory() - free + need) / (1 << 20) + 512));
        }
    }

    private static void writeCsv(Path file, LeadingLogdets leading) {
        StringBuilder sb = new StringBuilder("n,logdet,sign\n");
        for (int i = 0; i < leading.count(); i++) {
            sb.append(leading.sizes()[i]).append(',').append(Double.toString(leading.logAbsDet()[i])).append(',')
                    .append(leading.signs()[i]).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private void report(CommonOptions common, OperatorInput input, OutOfCoreResult r, long cap, PrintWriter w) {
        LeadingLogdets l = r.leading();
        Result out = new Result(r.isSingular() ? null : r.logAbsDet(), r.sign(), r.isSingular(), "out-of-core",
                r.factorization().name().toLowerCase(Locale.ROOT), r.n(), input.describe, r.blockSize(), r.blocks(), cap,
                r.scratchDir().toString(), r.resumedFromColumn(), r.secondsWall(), r.secondsCompute(), r.secondsSource(),
                r.secondsIo(), r.secondsIoWait(), r.bytesRead(), r.bytesWritten(), r.flops(), r.gflopsPerSecond(),
                r.pivots(), new Leading(l.stride(), l.sizes(), l.logAbsDet(), l.signs()),
                leadingFile == null ? null : leadingFile.toString());
        if (common.json) {
            Output.json(w, out);
            return;
        }
        Output.table(w, new String[][] {
                {"matrix", input.describe + " (" + r.n() + " x " + r.n() + ")"},
                {"logdet", r.isSingular() ? "-inf (singular)" : Output.num(r.logAbsDet())},
                {"sign", String.valueOf(r.sign())},
                {"method", "out-of-core " + out.factor() + ", block size " + r.blockSize() + " (" + r.blocks()
                        + " block columns), --max-mem " + ByteSize.format(cap)},
                {"resumed", r.resumedFromColumn() == 0 ? "no" : "from block column " + r.resumedFromColumn()},
                {"time", String.format(Locale.ROOT, "%s (compute %s, source %s, waiting for I/O %s)",
                        Output.seconds(r.secondsWall()), Output.seconds(r.secondsCompute()),
                        Output.seconds(r.secondsSource()), Output.seconds(r.secondsIoWait()))},
                {"rate", String.format(Locale.ROOT, "%.2f GF/s", r.gflopsPerSecond())},
                {"scratch I/O", "read " + ByteSize.format(r.bytesRead()) + ", written " + ByteSize.format(r.bytesWritten())},
                {"leading", l.count() + " sizes at stride " + l.stride()
                        + (leadingFile == null ? " (--leading FILE.csv writes them)" : " -> " + leadingFile)}});
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
