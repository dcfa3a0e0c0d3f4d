package dev.spectral.internal.estimate;

import dev.spectral.estimate.LanczosStats;
import dev.spectral.estimate.SlqOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared SLQ core: runs probes block after block and stops at the first probe count m ≥ minProbes at which
 * every output satisfies z·std/√m ≤ max(atol, rtol·|offset + mean|), or at maxProbes. Prefixes are checked probe by
 * probe in index order, so the probes used depend only on the seed and the options, never on timing.
 */
public final class SlqRunner {
    /** The probes used (in index order) and how the run ended. */
    public record Run(List<ProbeOutcome> probes, boolean toleranceMet, LanczosStats stats) {
        public double[] samples(int output) {
            double[] s = new double[probes.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = probes.get(i).values()[output];
            }
            return s;
        }
    }

    private SlqRunner() {}

    /**
     * @param offsets added to each output's mean before the relative tolerance applies (the exact part of deflated SLQ)
     */
    public static Run run(BlockLanczos lanczos, SlqOptions o, int outputs, double[] offsets, boolean golubKahan) {
        return run(lanczos, o, outputs, offsets, golubKahan, null);
    }

    /** As above, continuing from and saving to {@code store} when it is not null. */
    static Run run(BlockLanczos lanczos, SlqOptions o, int outputs, double[] offsets, boolean golubKahan,
                   CheckpointStore store) {
        double z = Stats.zForConfidence(o.confidence());
        List<ProbeOutcome> all = new ArrayList<>(store == null ? List.of() : store.finished());
        if (store != null) {
            lanczos.checkpointTo(store);
        }
        // a resumed run re-checks the saved probes' prefixes: the same rule on the same values, so the same answer
        int used = firstMet(all, o.minProbes(), outputs, offsets, z, o);
        while (used < 0 && all.size() < o.maxProbes()) {
            int done = all.size();
            int count;
            if (done < o.minProbes()) {
                // reach exactly minProbes in balanced blocks: probes beyond it may never be needed
                int left = o.minProbes() - done;
                int blocks = (left + o.blockSize() - 1) / o.blockSize();
                count = (left + blocks - 1) / blocks;
            } else {
                count = Math.min(o.blockSize(), o.maxProbes() - done);
            }
            all.addAll(lanczos.run(all.size(), count));
            if (store != null) {
                store.blockFinished(all, lanczos.products());
            }
            used = firstMet(all, done + 1, outputs, offsets, z, o);
        }
        boolean met = used > 0;
        List<ProbeOutcome> kept = List.copyOf(all.subList(0, met ? used : all.size()));
        return new Run(kept, met, stats(kept, o, golubKahan));
    }

    /** The smallest m in [max(from, minProbes), probes] whose first m probes meet the tolerance, or -1. */
    private static int firstMet(List<ProbeOutcome> all, int from, int outputs, double[] offsets, double z,
                                SlqOptions o) {
        for (int m = Math.max(from, o.minProbes()); m <= all.size(); m++) {
            if (met(all, m, outputs, offsets, z, o)) {
                return m;
            }
        }
        return -1;
    }

    private static boolean met(List<ProbeOutcome> probes, int m, int outputs, double[] offsets, double z, SlqOptions o) {
        for (int out = 0; out < outputs; out++) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = probes.get(i).values()[out];
            }
            double mean = Stats.mean(x, m);
            double err = z * Stats.std(x, m) / Math.sqrt(m);
            double tol = Math.max(o.absoluteTolerance(), o.relativeTolerance() * Math.abs(offsets[out] + mean));
            if (!(err <= tol)) {
                return false;
            }
        }
        return true;
    }

    static LanczosStats stats(List<ProbeOutcome> probes, SlqOptions o, boolean golubKahan) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        int breakdowns = 0;
        int unsettled = 0;
        for (ProbeOutcome p : probes) {
            min = Math.min(min, p.degree());
            max = Math.max(max, p.degree());
            sum += p.degree();
            breakdowns += p.breakdown() ? 1 : 0;
            unsettled += p.degreeConverged() ? 0 : 1;
        }
        return new LanczosStats(probes.isEmpty() ? 0 : min, max, probes.isEmpty() ? 0 : (double) sum / probes.size(),
                breakdowns, unsettled, o.reorthogonalization(), golubKahan);
    }
}
