package dev.spectral.weights;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link MiniLmTest}: analyzes a whole model, writes the CSV report, and prints the peak heap
 * (summed over heap pools) and the time taken.
 */
public final class MemoryProbe {
    private MemoryProbe() {}

    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Path csv = Path.of(args[1]);
        long start = System.nanoTime();
        ModelReport r = WeightAnalysis.analyze(model, AnalysisOptions.defaults(), ProgressListener.none());
        CsvReport.write(r, csv);
        long elapsed = System.nanoTime() - start;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("ANALYZED " + r.summary().analyzed());
        System.out.println("PEAK_HEAP " + peak);
        System.out.println("MAX_HEAP " + Runtime.getRuntime().maxMemory());
        System.out.println("SECONDS " + elapsed / 1e9);
    }
}
