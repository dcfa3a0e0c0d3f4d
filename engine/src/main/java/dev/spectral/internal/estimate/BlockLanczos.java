package dev.spectral.internal.estimate;

import dev.spectral.estimate.Probe;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.internal.cpu.NetlibRuntime;
import dev.spectral.operator.GramOperator;
import dev.spectral.operator.LinearOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent Lanczos processes, one per probe, advanced together so that every step is one block product A·[v₁ … v_b]
 * (BLAS-3 for dense, sparse and kernel operators). Each probe stops on its own (adaptive degree, breakdown or the
 * maximum degree) and leaves the block, which then shrinks. For AᵀA or AAᵀ ({@link GramOperator}) the processes are
 * Golub-Kahan bidiagonalizations of the factor, whose bidiagonal B gives the Lanczos tridiagonal T = BᵀB.
 *
 * <p>Breakdown: when β_j ≤ {@code breakdownTolerance}·‖T_j‖ the Krylov space of the probe is invariant under A (to
 * working accuracy); the Gauss rule of T_j is then exact for every f, so the probe ends there. A matrix with three
 * distinct eigenvalues ends every probe after three steps with the exact value of zᵀf(A)z.
 */
public final class BlockLanczos {
    /** Lanczos settings shared by every probe of a run. */
    public record Settings(Probe probe, long seed, int minDegree, int maxDegree, Reorthogonalization reorth,
                           double breakdownTolerance, int threads, boolean keepRules) {}

    private final LinearOperator op;
    private final LinearOperator factor;
    private final boolean transposedFactor;
    private final Settings s;
    private final Quadrature q;
    private final double[] deflation;
    private final int deflationRank;
    private final int n;
    private CheckpointStore store;

    /**
     * @param deflation an n x r orthonormal basis (column-major) whose span is removed from every probe and kept out
     *                  of every Krylov space, or null
     */
    public BlockLanczos(LinearOperator op, Settings settings, Quadrature quadrature, double[] deflation, int deflationRank) {
        this.op = op;
        this.s = settings;
        this.q = quadrature;
        this.n = op.rows();
        this.deflation = deflation;
        this.deflationRank = deflation == null ? 0 : deflationRank;
        LinearOperator inner = Counting.unwrap(op);
        if (inner instanceof GramOperator g && deflation == null) {
            this.factor = g.factor();
            this.transposedFactor = g.outer();
        } else {
            this.factor = null;
            this.transposedFactor = false;
        }
    }

    /** Products with the operator so far (with a checkpoint: earlier sessions included). */
    long products() {
        return Counting.products(op);
    }

    /** Saves the state of every block to {@code checkpoint} and continues a block it saved. */
    void checkpointTo(CheckpointStore checkpoint) {
        this.store = checkpoint;
    }

    /** Runs probes first .. first+count-1 as one block and returns their outcomes in index order. */
    public List<ProbeOutcome> run(long first, int count) {
        Column[] cols = new Column[count];
        CheckpointStore.SavedBlock saved = store == null ? null : store.takeBlock(first, count);
        int step = 0;
        if (saved != null) {
            restore(cols, saved);
            step = saved.step();
        } else {
            for (int c = 0; c < count; c++) {
                cols[c] = new Column(first + c);
            }
            Workers.forEach(count, s.threads(), c -> cols[c].start());
        }
        int resumedAt = step;
        List<Column> active = new ArrayList<>();
        for (Column c : cols) {
            if (!c.done) {
                active.add(c);
            }
        }
        // one pair of block buffers for the whole run; the block only shrinks
        double[] x = factor == null ? new double[n * active.size()] : null;
        double[] y = factor == null ? new double[n * active.size()] : null;
        while (!active.isEmpty()) {
            if (factor == null) {
                lanczosStep(active, x, y);
            } else {
                golubKahanStep(active);
            }
            active.removeIf(c -> c.done);
            step++;
            if (store != null) {
                store.afterStep(first, count, step, active.size(), s.maxDegree(), count - active.size(),
                        products(), resumedAt, (out, st) -> {
                            for (Column c : cols) {
                                c.write(out, st);
                            }
                        });
            }
        }
        List<ProbeOutcome> out = new ArrayList<>(count);
        for (Column c : cols) {
            out.add(c.outcome());
        }
        return out;
    }

    private void restore(Column[] cols, CheckpointStore.SavedBlock saved) {
        try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved.columns()))) {
            for (int c = 0; c < cols.length; c++) {
                cols[c] = new Column(saved.first() + c);
                cols[c].read(in, store);
            }
            if (in.available() != 0) {
                throw new java.io.IOException(in.available() + " bytes left over");
            }
        } catch (java.io.IOException e) {
            throw store.damaged("holds a damaged block of probes (" + e.getMessage() + ")");
        }
    }

    private void lanczosStep(List<Column> active, double[] x, double[] y) {
        int b = active.size();
        for (int c = 0; c < b; c++) {
            Column col = active.get(c);
            double sc = col.vScale;
            double[] v = col.v;
            int o = c * n;
            for (int i = 0; i < n; i++) {
                x[o + i] = sc * v[i];
            }
        }
        op.apply(x, y, b);
        Workers.forEach(b, s.threads(), c -> active.get(c).lanczos(y, c * n));
    }

    private void golubKahanStep(List<Column> active) {
        int b = active.size();
        int r = transposedFactor ? factor.cols() : factor.rows();
        double[] x = new double[n * b];
        for (int c = 0; c < b; c++) {
            System.arraycopy(active.get(c).v, 0, x, c * n, n);
        }
        double[] p = new double[r * b];
        applyFactor(x, p, b);
        Counting.add(op, b); // one product with the Gram operator per column (F, then Fᵀ unless it broke down)
        Workers.forEach(b, s.threads(), c -> active.get(c).leftStep(p, c * r, r));
        List<Column> right = new ArrayList<>(b);
        for (Column c : active) {
            if (!c.done) {
                right.add(c);
            }
        }
        int b2 = right.size();
        if (b2 == 0) {
            return;
        }
        double[] u = new double[r * b2];
        for (int c = 0; c < b2; c++) {
            System.arraycopy(right.get(c).u, 0, u, c * r, r);
        }
        double[] w = new double[n * b2];
        applyFactorTranspose(u, w, b2);
        Workers.forEach(b2, s.threads(), c -> right.get(c).rightStep(w, c * n));
    }

    private void applyFactor(double[] x, double[] y, int k) {
        if (transposedFactor) {
            factor.applyTranspose(x, y, k);
        } else {
            factor.apply(x, y, k);
        }
    }

    private void applyFactorTranspose(double[] x, double[] y, int k) {
        if (transposedFactor) {
            factor.apply(x, y, k);
        } else {
            factor.applyTranspose(x, y, k);
        }
    }

    /** The state of one probe's Lanczos (or Golub-Kahan) process. */
    private final class Column {
        final long index;
        final double[] diag;
        final double[] off;
        double[] v;
        double vScale = 1;
        double[] vPrev;
        double vPrevScale = 1;
        double[] u;
        double alphaGk;
        double betaPrev;
        double norm2;
        int steps;
        double normT;
        boolean done;
        boolean breakdown;
        boolean converged;
        int settledSteps;
        double[] values;
        double[] previous;
        /** The quadrature values after every step (adaptive rules only), to compare across a window of steps. */
        final java.util.ArrayList<double[]> history = new java.util.ArrayList<>();
        double[] nodes;
        double[] weights;
        Basis basis;

        Column(long index) {
            this.index = index;
            this.diag = new double[s.maxDegree()];
            this.off = new double[s.maxDegree()];
        }

        void start() {
            double[] z = new double[n];
            ProbeVectors.fill(s.probe(), s.seed(), index, z, 0, n);
            if (deflation != null) {
                project(z);
            }
            norm2 = Dense.dot(z, z, n);
            values = new double[q.outputs()];
            if (norm2 == 0) {
                // the probe lies in the deflated subspace: it contributes nothing
                done = true;
                breakdown = true;
                converged = true;
                return;
            }
            double inv = 1 / Math.sqrt(norm2);
            for (int i = 0; i < n; i++) {
                z[i] *= inv;
            }
            v = z;
            vPrev = new double[n];
            basis = Basis.of(s.reorth(), n, s.maxDegree());
            basis.add(v);
        }

        /**
         * One Lanczos step given y = A v at y[at .. at + n), in two fused passes over the vectors. Vectors are kept
         * unnormalized with their scale (v = vScale·raw), so normalizing costs no pass of its own: the scale is applied
         * while the next block is gathered. The new vector is built in the array of the previous one, which the
         * recurrence no longer needs.
         */
        void lanczos(double[] y, int at) {
            double[] w = vPrev;
            double bp = betaPrev * vPrevScale;
            double sc = vScale;
            double dot = 0;
            for (int i = 0; i < n; i++) {
                double wi = y[at + i] - bp * vPrev[i];
                w[i] = wi;
                dot += v[i] * wi;
            }
            double alpha = sc * dot;
            double as = alpha * sc;
            double norm2 = 0;
            for (int i = 0; i < n; i++) {
                double wi = w[i] - as * v[i];
                w[i] = wi;
                norm2 += wi * wi;
            }
            if (deflation != null || !(basis instanceof NoBasis)) {
                if (deflation != null) {
                    project(w);
                }
                basis.orthogonalize(w);
                norm2 = Dense.dot(w, w, n);
            }
            double betaNext = Math.sqrt(norm2);
            append(alpha, betaNext);
            if (!done) {
                vPrev = v;
                vPrevScale = vScale;
                v = w;
                vScale = 1 / betaNext;
                betaPrev = betaNext;
                if (!(basis instanceof NoBasis)) {
                    for (int i = 0; i < n; i++) {
                        w[i] *= vScale;
                    }
                    vScale = 1;
                    basis.add(v);
                }
            }
        }

        /** Golub-Kahan, first half: u = F v - β u_prev, α = |u|. */
        void leftStep(double[] p, int at, int r) {
            double[] w = new double[r];
            System.arraycopy(p, at, w, 0, r);
            if (u != null) {
                for (int i = 0; i < r; i++) {
                    w[i] -= betaPrev * u[i];
                }
            }
            double alpha = Math.sqrt(Dense.dot(w, w, r));
            alphaGk = alpha;
            normT = Math.max(normT, alpha * alpha + betaPrev * betaPrev);
            if (alpha <= s.breakdownTolerance() * Math.sqrt(normT)) {
                // F v lies in the span of the previous left vector: T_jj = β², and the Krylov space is invariant
                append(betaPrev * betaPrev, 0.0);
                return;
            }
            double inv = 1 / alpha;
            for (int i = 0; i < r; i++) {
                w[i] *= inv;
            }
            u = w;
        }

        /** Golub-Kahan, second half: v' = Fᵀu - α v, β = |v'|. */
        void rightStep(double[] y, int at) {
            double[] w = new double[n];
            System.arraycopy(y, at, w, 0, n);
            double alpha = alphaGk;
            for (int i = 0; i < n; i++) {
                w[i] -= alpha * v[i];
            }
            basis.orthogonalize(w);
            double beta = Math.sqrt(Dense.dot(w, w, n));
            // T = BᵀB with B upper bidiagonal (α on the diagonal, β above it)
            appendGolubKahan(alpha * alpha + betaPrev * betaPrev, alpha * beta, beta);
            if (!done) {
                double inv = 1 / beta;
                for (int i = 0; i < n; i++) {
                    w[i] *= inv;
                }
                v = w;
                betaPrev = beta;
                basis.add(v);
            }
        }

        private void appendGolubKahan(double d, double e, double beta) {
            diag[steps] = d;
            steps++;
            normT = Math.max(normT, d + Math.abs(e));
            boolean invariant = beta <= s.breakdownTolerance() * Math.sqrt(normT);
            finishStep(invariant, e);
        }

        private void append(double alpha, double beta) {
            diag[steps] = alpha;
            steps++;
            normT = Math.max(normT, Math.abs(alpha) + beta + (steps > 1 ? Math.abs(off[steps - 2]) : 0));
            finishStep(beta <= s.breakdownTolerance() * normT, beta);
        }

        private void finishStep(boolean invariant, double offNext) {
            boolean last = invariant || steps >= s.maxDegree();
            double[] th = null;
            double[] wt = null;
            if (q.adaptive() || last) {
                // the rule is needed after every step only to watch the adaptive degree settle
                th = new double[steps];
                wt = new double[steps];
                GaussQuadrature.rule(diag, off, steps, th, wt);
                double[] now = new double[values.length];
                q.evaluate(th, wt, steps, norm2, now, index);
                values = now;
                if (q.adaptive()) {
                    history.add(now);
                    // Compare with the value a quarter of the steps back, not with the last step: without
                    // reorthogonalization a log quadrature can drift by less than the target per step for a long
                    // time (measured: 1% bias at n = 4000 on an RBF kernel), which a step-to-step test mistakes for
                    // convergence.
                    previous = history.get(Math.max(0, steps - 1 - Math.max(1, steps / 4)));
                }
            }
            if (invariant) {
                breakdown = true;
                converged = true;
                done = true;
            } else if (q.adaptive() && steps > 1 && q.settled(previous, values)) {
                settledSteps++;
                // two settled windows in a row: one small change can be a coincidence of a slowly converging rule
                if (settledSteps >= 2 && steps >= s.minDegree()) {
                    converged = true;
                    done = true;
                }
            } else {
                settledSteps = 0;
            }
            if (!done && steps >= s.maxDegree()) {
                done = true;
                converged = !q.adaptive();
            }
            if (done) {
                if (s.keepRules()) {
                    nodes = th;
                    weights = wt;
                }
                basis = null;
                vPrev = null;
            } else {
                off[steps - 1] = offNext;
            }
        }

        ProbeOutcome outcome() {
            return new ProbeOutcome(index, values, steps, breakdown, converged, nodes, weights);
        }

        /** Everything the process needs to take its next step bit for bit as if it had never stopped. */
        void write(java.io.DataOutputStream out, CheckpointStore st) throws java.io.IOException {
            out.writeLong(index);
            out.writeInt(steps);
            out.writeBoolean(done);
            out.writeBoolean(breakdown);
            out.writeBoolean(converged);
            out.writeInt(settledSteps);
            for (double d : new double[] {norm2, normT, betaPrev, alphaGk, vScale, vPrevScale}) {
                out.writeDouble(d);
            }
            CheckpointStore.writeDoubles(out, diag, steps);
            CheckpointStore.writeDoubles(out, off, steps);
            CheckpointStore.writeDoubles(out, values);
            out.writeInt(history.size());
            for (double[] h : history) {
                CheckpointStore.writeDoubles(out, h);
            }
            CheckpointStore.writeDoubles(out, v);
            CheckpointStore.writeDoubles(out, vPrev);
            CheckpointStore.writeDoubles(out, u);
            CheckpointStore.writeDoubles(out, nodes);
            CheckpointStore.writeDoubles(out, weights);
            switch (basis) {
                case null -> out.writeByte(0);
                case NoBasis b -> out.writeByte(1);
                case FullBasis b -> {
                    out.writeByte(2);
                    out.writeInt(b.count);
                    st.saveBasis(index, b.vs, b.count, n);
                }
                case WindowBasis b -> {
                    out.writeByte(3);
                    out.writeInt(b.count);
                    out.writeInt(b.ring.length);
                    for (double[] r : b.ring) {
                        CheckpointStore.writeDoubles(out, r);
                    }
                }
            }
        }

        void read(java.io.DataInputStream in, CheckpointStore st) throws java.io.IOException {
            if (in.readLong() != index) {
                throw new java.io.IOException("probe " + index + " is not where it was saved");
            }
            steps = in.readInt();
            done = in.readBoolean();
            breakdown = in.readBoolean();
            converged = in.readBoolean();
            settledSteps = in.readInt();
            norm2 = in.readDouble();
            normT = in.readDouble();
            betaPrev = in.readDouble();
            alphaGk = in.readDouble();
            vScale = in.readDouble();
            vPrevScale = in.readDouble();
            CheckpointStore.readDoublesInto(in, diag);
            CheckpointStore.readDoublesInto(in, off);
            values = CheckpointStore.readDoubles(in);
            int h = in.readInt();
            for (int i = 0; i < h; i++) {
                history.add(CheckpointStore.readDoubles(in));
            }
            v = CheckpointStore.readDoubles(in);
            vPrev = CheckpointStore.readDoubles(in);
            u = CheckpointStore.readDoubles(in);
            nodes = CheckpointStore.readDoubles(in);
            weights = CheckpointStore.readDoubles(in);
            int kind = in.readByte();
            basis = switch (kind) {
                case 0 -> null;
                case 1 -> new NoBasis();
                case 2 -> {
                    int count = in.readInt();
                    yield FullBasis.restored(n, s.maxDegree() + 1, st.loadBasis(index, count, n), count);
                }
                case 3 -> {
                    int count = in.readInt();
                    WindowBasis w = new WindowBasis(in.readInt());
                    for (int i = 0; i < w.ring.length; i++) {
                        w.ring[i] = CheckpointStore.readDoubles(in);
                    }
                    w.count = count;
                    yield w;
                }
                default -> throw new java.io.IOException("unknown basis kind " + kind);
            };
            if (values == null || (!done && (v == null || basis == null))) {
                throw new java.io.IOException("probe " + index + " lacks its vectors");
            }
        }
    }

    /** w ← (I - UUᵀ) w, twice for accuracy. */
    private void project(double[] w) {
        var blas = NetlibRuntime.get().blas();
        double[] h = new double[deflationRank];
        for (int pass = 0; pass < 2; pass++) {
            blas.dgemv("T", n, deflationRank, 1.0, deflation, n, w, 1, 0.0, h, 1);
            blas.dgemv("N", n, deflationRank, -1.0, deflation, n, h, 1, 1.0, w, 1);
        }
    }

    /** Lanczos vectors kept for reorthogonalization. */
    private abstract static sealed class Basis {
        abstract void add(double[] v);

        abstract void orthogonalize(double[] w);

        static Basis of(Reorthogonalization r, int n, int maxDegree) {
            return switch (r) {
                case Reorthogonalization.None none -> new NoBasis();
                case Reorthogonalization.Full full -> new FullBasis(n, maxDegree + 1);
                case Reorthogonalization.Window window -> new WindowBasis(window.size());
            };
        }
    }

    private static final class NoBasis extends Basis {
        void add(double[] v) {}

        void orthogonalize(double[] w) {}
    }

    /** Every vector, contiguous, so that the projections are two dgemv calls (classical Gram-Schmidt, twice). */
    private static final class FullBasis extends Basis {
        private final int n;
        private final int capacityLimit;
        private double[] vs;
        private int count;

        FullBasis(int n, int capacity) {
            this.n = n;
            this.capacityLimit = capacity;
            this.vs = new double[n * Math.min(capacity, 16)];
        }

        /** A basis of {@code count} vectors as saved in a checkpoint. */
        static FullBasis restored(int n, int capacity, double[] vs, int count) {
            FullBasis b = new FullBasis(n, capacity);
            b.vs = vs;
            b.count = count;
            return b;
        }

        void add(double[] v) {
            if ((count + 1) * n > vs.length) {
                vs = java.util.Arrays.copyOf(vs, n * Math.min(capacityLimit, 2 * (count + 1)));
            }
            System.arraycopy(v, 0, vs, count * n, n);
            count++;
        }

        void orthogonalize(double[] w) {
            var blas = NetlibRuntime.get().blas();
            double[] h = new double[count];
            for (int pass = 0; pass < 2; pass++) {
                blas.dgemv("T", n, count, 1.0, vs, n, w, 1, 0.0, h, 1);
                blas.dgemv("N", n, count, -1.0, vs, n, h, 1, 1.0, w, 1);
            }
        }
    }

    /** The last {@code size} vectors, copied into a ring of owned arrays (the caller recycles its vectors). */
    private static final class WindowBasis extends Basis {
        private final double[][] ring;
        private int count;

        WindowBasis(int size) {
            this.ring = new double[size][];
        }

        void add(double[] v) {
            int slot = count % ring.length;
            if (ring[slot] == null) {
                ring[slot] = v.clone();
            } else {
                System.arraycopy(v, 0, ring[slot], 0, v.length);
            }
            count++;
        }

        void orthogonalize(double[] w) {
            int k = Math.min(count, ring.length);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double[] v = ring[j];
                    double h = Dense.dot(v, w, w.length);
                    for (int i = 0; i < w.length; i++) {
                        w[i] -= h * v[i];
                    }
                }
            }
        }
    }
}
