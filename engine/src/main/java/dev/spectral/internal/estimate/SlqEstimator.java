package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.EigenOptions;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.MatrixFunction;
import dev.spectral.estimate.SlqCheckpoint;
import dev.spectral.estimate.SlqOptions;
import dev.spectral.estimate.Which;
import dev.spectral.operator.GramOperator;
import dev.spectral.operator.LinearOperator;
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
        SlqRunner.Run run;
        String resumed = "";
        if (checkpoint == null) {
            run = SlqRunner.run(lanczos, o, shifts.length, new double[shifts.length], gk);
        } else {
            try (CheckpointStore store = CheckpointStore.open(checkpoint, fingerprint(a, f, shifts, o, checkpoint))) {
                if (store.priorNanos() > 0) {
                    Counting.add(op, store.priorProducts());
                    start -= store.priorNanos();
                    resumed = ", resumed from a checkpoint (" + store.finished().size() + " probes finished)";
                }
                run = SlqRunner.run(lanczos, o, shifts.length, new double[shifts.length], gk, store);
                store.complete();
            }
        }
        List<Estimate> out = new ArrayList<>();
        for (int s = 0; s < shifts.length; s++) {
            double[] samples = run.samples(s);
            int m = samples.length;
            double mean = Stats.mean(samples, m);
            double se = Stats.std(samples, m) / Math.sqrt(m);
            double tol = Math.max(o.absoluteTolerance(), o.relativeTolerance() * Math.abs(mean));
            out.add(Results.estimate(shifts.length == 1 ? quantity : quantity + "(shift " + shifts[s] + ")", mean, se,
                    o.confidence(), run.toleranceMet() && run.stats().unsettled() == 0, tol,
                    run.toleranceMet() ? "tolerance" : "max probes", m, op.products(), start, "slq", o + resumed,
                    o.seed(), o.threads(), run.stats(), samples));
        }
        return out;
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
        double[] samples = run.samples(0);
        int m = samples.length;
        double value = exact + Stats.mean(samples, m);
        double se = Stats.std(samples, m) / Math.sqrt(m);
        double tol = Math.max(o.absoluteTolerance(), o.relativeTolerance() * Math.abs(value));
        String settings = "rank=" + rank + " (" + end.name().toLowerCase(java.util.Locale.ROOT) + " eigenpairs, "
                + (pairs.converged() ? "converged" : "NOT converged") + "), " + o;
        return Results.estimate(quantity, value, se, o.confidence(),
                run.toleranceMet() && run.stats().unsettled() == 0 && pairs.converged(), tol,
                run.toleranceMet() ? "tolerance" : "max probes", m, op.products(), start, "deflated-slq", settings,
                o.seed(), o.threads(), run.stats(), samples);
    }

    /**
     * What a checkpoint must match to be resumed: the operator, the function, the shifts and every option that
     * changes the numbers (the thread count does not).
     */
    static String fingerprint(LinearOperator a, MatrixFunction f, double[] shifts, SlqOptions o, SlqCheckpoint c) {
        String function = f instanceof MatrixFunction.Custom custom ? "custom " + custom.name() : f.toString();
        return "n=" + a.rows() + ";f=" + function + ";shifts=" + java.util.Arrays.toString(shifts) + ";probe="
                + o.probe() + ";probes=" + o.minProbes() + ".." + o.maxProbes() + ";rtol=" + o.relativeTolerance()
                + ";atol=" + o.absoluteTolerance() + ";confidence=" + o.confidence() + ";degree=" + o.minDegree() + ".."
                + o.maxDegree() + ";reorth=" + o.reorthogonalization() + ";block=" + o.blockSize() + ";seed="
                + o.seed() + ";operator=" + c.operatorIdentity();
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
