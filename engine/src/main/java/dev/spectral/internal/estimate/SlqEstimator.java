package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.EigenOptions;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.MatrixFunction;
import dev.spectral.estimate.SlqCheckpoint;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.estimate.Which;
import dev.spectral.operator.ColumnSource;
import dev.spectral.operator.GramOperator;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;
import java.util.ArrayList;
import java.util.List;

/** Stochastic Lanczos quadrature for tr f(A), shifted families, and the deflated (variance-reduced) variant. */
public final class SlqEstimator {
    /** β_j ≤ this · ‖T_j‖ ends a probe on an invariant subspace (the quadrature error left is O(β²)). */
    public static final double BREAKDOWN_TOLERANCE = 1e-10;

    private SlqEstimator() {}

    public static Estimate trace(LinearOperator a, MatrixFunction f, SlqOptions o, String quantity) {
        return shifted(a, f, new double[] {0.0}, o, quantity).getFirst();
    }

    /** tr f(A + s I) for every shift s from one Lanczos run per probe. */
    public static List<Estimate> shifted(LinearOperator a, MatrixFunction f, double[] shifts, SlqOptions o, String quantity) {
        return shifted(a, f, shifts, o, quantity, null);
    }

    /**
     * As above, saving its state to {@code checkpoint} (null: none) and continuing from it; the result counts the
     * products and seconds of earlier sessions too.
     */
    public static List<Estimate> shifted(LinearOperator a, MatrixFunction f, double[] shifts, SlqOptions o,
                                         String quantity, SlqCheckpoint checkpoint) {
        long start = System.nanoTime();
        Checks.symmetric(a, "SLQ");
        for (double s : shifts) {
            if (!Double.isFinite(s)) {
                throw new InvalidInputException("shifts must be finite, got " + s);
            }
        }
        Counting op = Counting.wrap(a);
        boolean gk = Counting.unwrap(a) instanceof GramOperator;
        var q = new FunctionQuadrature(f, shifts, o.relativeTolerance(), o.absoluteTolerance());
        var lanczos = new BlockLanczos(op, settings(o, false), q, null, 0);
        Checked c = runChecked(op, lanczos, o, new double[shifts.length], gk, checkpoint,
                checkpoint == null ? null : fingerprint(a, f, shifts, o, checkpoint), start);
        List<Estimate> out = new ArrayList<>();
        for (int s = 0; s < shifts.length; s++) {
            out.add(estimate(shifts.length == 1 ? quantity : quantity + "(shift " + shifts[s] + ")", 0.0, c.run(), s,
                    true, op.products(), c.start(), "slq", o + c.resumed(), o));
        }
        return out;
    }

    /** A finished run, its start time moved back by the seconds of earlier sessions, and a note when it resumed. */
    private record Checked(SlqRunner.Run run, long start, String resumed) {}

    /**
     * Runs SLQ, through a checkpoint store when {@code checkpoint} is given; {@code op} is the counted operator the
     * Lanczos processes multiply by, credited with the products of earlier sessions.
     */
    private static Checked runChecked(Counting op, BlockLanczos lanczos, SlqOptions o, double[] offsets, boolean gk,
                                      SlqCheckpoint checkpoint, String fingerprint, long start) {
        if (checkpoint == null) {
            return new Checked(SlqRunner.run(lanczos, o, offsets.length, offsets, gk), start, "");
        }
        try (CheckpointStore store = CheckpointStore.open(checkpoint, fingerprint)) {
            String resumed = "";
            if (store.priorNanos() > 0) {
                Counting.add(op, store.priorProducts());
                start -= store.priorNanos();
                resumed = ", resumed from a checkpoint (" + store.finished().size() + " probes finished)";
            }
            SlqRunner.Run run = SlqRunner.run(lanczos, o, offsets.length, offsets, gk, store);
            store.complete();
            return new Checked(run, start, resumed);
        }
    }

    /**
     * log det A = log det P + tr log(P^(-1/2) A P^(-1/2)) with P = L Lᵀ + δ I from a rank-r pivoted Cholesky of A
     * (r columns of A, no products) and δ the mean of what it leaves on the diagonal: log det P is exact, and SLQ
     * runs on the preconditioned operator, whose spectrum is far narrower than A's when A's eigenvalues decay (kernel
     * matrices), so each probe needs fewer Lanczos steps; with δ near the typical remaining eigenvalue the samples
     * also center near 0. The products counted are products with A.
     */
    public static Estimate preconditioned(LinearOperator a, int rank, SlqOptions o, String quantity,
                                          SlqCheckpoint checkpoint) {
        long start = System.nanoTime();
        Checks.symmetric(a, "preconditioned SLQ");
        int n = a.rows();
        if (!(Counting.unwrap(a) instanceof ColumnSource source) || source.diagonal().isEmpty()) {
            throw new InvalidInputException("preconditioned SLQ needs an operator whose columns it can compute (a dense "
                    + "matrix or a kernel), not " + a.description() + "; use slq or deflated-slq");
        }
        if (rank < 1 || rank >= n) {
            throw new InvalidInputException("preconditioned SLQ: the rank must be in [1, " + (n - 1) + "], got " + rank);
        }
        PivotedCholesky chol = PivotedCholesky.of(source, source.diagonal().orElseThrow(), rank);
        double delta = chol.meanResidual();
        if (!(delta > 0)) {
            throw new InvalidInputException("preconditioned SLQ: a rank-" + chol.rank() + " pivoted Cholesky leaves "
                    + "nothing of the diagonal, so the operator is singular or of rank at most " + chol.rank()
                    + "; log det is -inf or use the exact method");
        }
        LowRankPreconditioner p = LowRankPreconditioner.of(chol.factor(), n, chol.rank(), delta);
        // one product with A per product with the preconditioned operator, so counting the latter counts the former
        Counting op = Counting.wrap(Operators.assumePositiveSemidefinite(Operators.symmetric(n, (x, y, k) -> {
            double[] t = new double[n * k];
            p.applyInverseSqrt(x, t, k);
            double[] at = new double[n * k];
            a.apply(t, at, k);
            p.applyInverseSqrt(at, y, k);
        })));
        var q = new FunctionQuadrature(MatrixFunction.log(), new double[] {0.0}, o.relativeTolerance(),
                o.absoluteTolerance());
        var lanczos = new BlockLanczos(op, settings(o, false), q, null, 0);
        double[] offsets = {p.logdet()};
        Checked c = runChecked(op, lanczos, o, offsets, false, checkpoint, checkpoint == null ? null
                : fingerprint(a, MatrixFunction.log(), new double[] {0.0}, o, checkpoint) + ";preconditioner=pivoted "
                + "Cholesky rank " + rank, start);
        String settings = String.format(java.util.Locale.ROOT, "pivoted Cholesky rank %d (of %d asked), delta %.4g, "
                + "log det P %.10g, ", p.rank(), rank, delta, p.logdet()) + o + c.resumed();
        return estimate(quantity, p.logdet(), c.run(), 0, true, op.products(), c.start(), "preconditioned-slq", settings,
                o);
    }

    /**
     * The estimate offset + mean of the samples of {@code output}, its standard error and tolerance; converged when
     * the tolerance was met, every probe's degree settled and {@code converged} (the exact part's own convergence).
     */
    private static Estimate estimate(String quantity, double offset, SlqRunner.Run run, int output, boolean converged,
                                     long products, long start, String method, String settings, SlqOptions o) {
        double[] samples = run.samples(output);
        int m = samples.length;
        double value = offset + Stats.mean(samples, m);
        double se = Stats.std(samples, m) / Math.sqrt(m);
        double tol = Math.max(o.absoluteTolerance(), o.relativeTolerance() * Math.abs(value));
        return Results.estimate(quantity, value, se, o.confidence(),
                run.toleranceMet() && run.stats().unsettled() == 0 && converged, tol,
                run.toleranceMet() ? "tolerance" : "max probes", m, products, start, method, settings, o.seed(),
                o.threads(), run.stats(), samples);
    }

    /**
     * Σ_{i ≤ rank} f(λ_i) over eigenpairs found by thick-restart Lanczos, plus SLQ on the orthogonal complement: the
     * probes are projected out of the eigenvectors' span and every Lanczos vector is kept out of it, so the samples
     * estimate tr(P⊥ f(A) P⊥) only. With exact eigenvectors the two parts add up to tr f(A); with residuals r_i the
     * error is second order in ‖r_i‖ (the solver's tolerance is 1e-10 relative).
     */
    public static Estimate deflated(LinearOperator a, MatrixFunction f, int rank, SlqOptions o, String quantity) {
        long start = System.nanoTime();
        Checks.symmetric(a, "deflated SLQ");
        int n = a.rows();
        if (rank >= n) {
            throw new InvalidInputException("deflated SLQ: rank " + rank + " must be below the order " + n
                    + " of the operator (use the exact method)");
        }
        Counting op = Counting.wrap(a);
        Which end = deflationEnd(f);
        Eigenpairs pairs = KrylovSchur.solve(op, rank, end, EigenOptions.defaults().withSeed(o.seed() ^ 0xDEF1A7EL));
        double exact = 0;
        for (double lambda : pairs.values()) {
            var q = new FunctionQuadrature(f, new double[] {0.0}, 0, 0);
            double[] one = new double[1];
            q.evaluate(new double[] {lambda}, new double[] {1.0}, 1, 1.0, one, -1);
            exact += one[0];
        }
        var q = new FunctionQuadrature(f, new double[] {0.0}, o.relativeTolerance(), o.absoluteTolerance());
        var lanczos = new BlockLanczos(op, settings(o, false), q, pairs.vectors().data(), rank);
        SlqRunner.Run run = SlqRunner.run(lanczos, o, 1, new double[] {exact}, false);
        String settings = "rank=" + rank + " (" + end.name().toLowerCase(java.util.Locale.ROOT) + " eigenpairs, "
                + (pairs.converged() ? "converged" : "NOT converged") + "), " + o;
        return estimate(quantity, exact, run, 0, pairs.converged(), op.products(), start, "deflated-slq", settings, o);
    }

    /**
     * What a checkpoint must match to be resumed: the operator, the function, the shifts, every option that changes
     * the numbers (the Java thread count does not), and OpenBLAS's thread count, which chooses the kernel operator's
     * schedule and so the rounding of its products.
     */
    static String fingerprint(LinearOperator a, MatrixFunction f, double[] shifts, SlqOptions o, SlqCheckpoint c) {
        String function = f instanceof MatrixFunction.Custom custom ? "custom " + custom.name() : f.toString();
        return "n=" + a.rows() + ";f=" + function + ";shifts=" + java.util.Arrays.toString(shifts) + ";probe="
                + o.probe() + ";probes=" + o.minProbes() + ".." + o.maxProbes() + ";rtol=" + o.relativeTolerance()
                + ";atol=" + o.absoluteTolerance() + ";confidence=" + o.confidence() + ";degree=" + o.minDegree() + ".."
                + o.maxDegree() + ";reorth=" + o.reorthogonalization() + ";block=" + o.blockSize() + ";seed="
                + o.seed() + ";blas-threads=" + dev.spectral.internal.cpu.NetlibRuntime.get().openblasThreads()
                + ";operator=" + c.operatorIdentity();
    }

    /** The end of the spectrum where |f| is largest: small eigenvalues for A⁻¹ and negative powers. */
    static Which deflationEnd(MatrixFunction f) {
        return switch (f) {
            case MatrixFunction.Inverse inv -> Which.SMALLEST;
            case MatrixFunction.Power p when p.p() < 0 -> Which.SMALLEST;
            default -> Which.LARGEST;
        };
    }

    static BlockLanczos.Settings settings(SlqOptions o, boolean keepRules) {
        return new BlockLanczos.Settings(o.probe(), o.seed(), o.minDegree(), o.maxDegree(), o.reorthogonalization(),
                BREAKDOWN_TOLERANCE, o.threads(), keepRules);
    }
}
