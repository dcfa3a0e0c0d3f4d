package dev.spectral.internal.nn;

import dev.spectral.internal.estimate.Workers;

/**
 * Splits n examples into chunks of at most {@link #SIZE} and the chunks into {@code threads} contiguous groups. Each
 * group accumulates into its own buffer and the buffers are summed in group order, so results depend on the thread
 * count but not on scheduling.
 */
public final class Chunks {
    /** Most examples per chunk: wide enough for BLAS-3 efficiency, small enough to keep activations in cache. */
    public static final int SIZE = 256;

    private final int n;
    private final int size;
    private final int count;
    private final int groups;

    /** Chunks of min(SIZE, ⌈n/threads⌉) examples, so that small batches still use every thread. */
    public Chunks(int n, int threads) {
        this.n = n;
        this.size = Math.max(1, Math.min(SIZE, (n + threads - 1) / threads));
        this.count = (n + size - 1) / size;
        this.groups = Math.max(1, Math.min(threads, count));
    }

    public int count() {
        return count;
    }

    public int first(int chunk) {
        return chunk * size;
    }

    public int size(int chunk) {
        return Math.min(size, n - chunk * size);
    }

    /** A task on one chunk that adds into {@code acc}. */
    @FunctionalInterface
    public interface Task {
        void run(int chunk, double[] acc);
    }

    /** Runs the task on every chunk on the groups' threads and returns the sum of the group buffers (length len). */
    public double[] sum(int len, Task task) {
        double[][] acc = new double[groups][];
        Workers.forEach(groups, groups, gi -> {
            double[] a = new double[len];
            int c0 = (int) ((long) count * gi / groups);
            int c1 = (int) ((long) count * (gi + 1) / groups);
            for (int c = c0; c < c1; c++) {
                task.run(c, a);
            }
            acc[gi] = a;
        });
        double[] total = acc[0];
        for (int gi = 1; gi < groups; gi++) {
            double[] a = acc[gi];
            for (int i = 0; i < len; i++) {
                total[i] += a[i];
            }
        }
        return total;
    }

    /** Runs a task per chunk in parallel (tasks writing disjoint outputs). */
    public void each(java.util.function.IntConsumer task) {
        Workers.forEach(count, groups, task);
    }
}
