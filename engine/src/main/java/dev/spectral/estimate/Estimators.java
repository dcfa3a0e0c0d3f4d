package dev.spectral.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.internal.estimate.DiagonalSketches;
import dev.spectral.internal.estimate.Densities;
import dev.spectral.internal.estimate.ExactEstimator;
import dev.spectral.internal.estimate.KrylovSchur;
import dev.spectral.internal.estimate.SingularSolver;
import dev.spectral.internal.estimate.SlqEstimator;
import dev.spectral.internal.estimate.TraceSketches;
import dev.spectral.operator.LinearOperator;
import java.util.List;

/**
 * Matrix-free estimators, one entry point per quantity, the method chosen apart (imate style):
 * <pre>
 *   Estimators.logdet(op, Method.slq())                          log det A (A positive definite)
 *   Estimators.trace(op, MatrixFunction.inverse(), Method.slq())  tr A⁻¹
 *   Estimators.trace(op, Method.xtrace(100))                      tr A
 *   Estimators.diagonal(op, DiagMethod.xdiag(100))                diag A
 *   Estimators.density(op, DensityMethod.kpm())                   eigenvalue density
 *   Estimators.eigencount(op, a, b, DensityMethod.kpm())          #{λ in [a, b]}
 *   Estimators.extremeEigenvalues(op, k, Which.LARGEST)           top-k eigenpairs
 *   Estimators.singularValues(op, k)                              top-k singular triplets (rectangular op)
 * </pre>
 * Every result records its error model (standard error, confidence interval), the work done (probes, products,
 * seconds) and the settings. Bad input (a non-square or asymmetric operator for a symmetric method, an indefinite
 * operator where a definite one is needed, a budget too small or above n) raises
 * {@link dev.spectral.InvalidInputException}; a non-finite result is never returned.
 */
public final class Estimators {
    private Estimators() {}

    /**
     * log det A of a symmetric positive definite operator (= tr log A). Methods: Exact, Slq, DeflatedSlq,
     * PreconditionedSlq.
     */
    public static Estimate logdet(LinearOperator op, Method method) {
        return trace(op, MatrixFunction.log(), method, "logdet");
    }

    /**
     * log det A by SLQ or preconditioned SLQ, saving the run's state to {@code checkpoint} so that a killed run can be
     * resumed (see {@link SlqCheckpoint}); the result counts the products and seconds of every session.
     */
    public static Estimate logdet(LinearOperator op, Method method, SlqCheckpoint checkpoint) {
        java.util.Objects.requireNonNull(checkpoint, "checkpoint");
        return switch (method) {
            case Method.Slq s -> SlqEstimator.shifted(op, MatrixFunction.log(), new double[] {0.0}, s.options(),
                    "logdet", checkpoint).getFirst();
            case Method.PreconditionedSlq p -> SlqEstimator.preconditioned(op, p.rank(), p.options(), "logdet", checkpoint);
            default -> throw new InvalidInputException("checkpoints are kept by slq and preconditioned-slq, not by "
                    + method.getClass().getSimpleName());
        };
    }

    /** tr f(A) by SLQ with a checkpoint (see {@link #logdet(LinearOperator, Method, SlqCheckpoint)}). */
    public static Estimate trace(LinearOperator op, MatrixFunction f, Method.Slq method, SlqCheckpoint checkpoint) {
        return SlqEstimator.shifted(op, f, new double[] {0.0}, method.options(), traceQuantity(f),
                java.util.Objects.requireNonNull(checkpoint, "checkpoint")).getFirst();
    }

    /** log det(A + t_i I) for every shift t_i from one Lanczos run per probe (SLQ). */
    public static ShiftedLogDets logdetShifted(LinearOperator op, double[] shifts, SlqOptions options) {
        return logdetShiftedOrResumed(op, shifts, options, null);
    }

    /** As {@link #logdetShifted(LinearOperator, double[], SlqOptions)}, resumable from {@code checkpoint}. */
    public static ShiftedLogDets logdetShifted(LinearOperator op, double[] shifts, SlqOptions options,
                                               SlqCheckpoint checkpoint) {
        return logdetShiftedOrResumed(op, shifts, options, java.util.Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    private static ShiftedLogDets logdetShiftedOrResumed(LinearOperator op, double[] shifts, SlqOptions options,
                                                         SlqCheckpoint checkpoint) {
        if (shifts.length == 0) {
            throw new InvalidInputException("logdetShifted needs at least one shift");
        }
        List<Estimate> list = SlqEstimator.shifted(op, MatrixFunction.log(), shifts, options, "logdet", checkpoint);
        return new ShiftedLogDets(shifts.clone(), list);
    }

    /** tr A. Methods: Exact, Slq, Hutchinson, HutchPlusPlus, NaHutchPlusPlus, XTrace, XNysTrace. */
    public static Estimate trace(LinearOperator op, Method method) {
        return trace(op, MatrixFunction.identity(), method);
    }

    /**
     * tr f(A) of a symmetric operator. Exact, Slq and DeflatedSlq take any f; the budget methods (Hutchinson,
     * Hutch++, NA-Hutch++, XTrace, XNysTrace) estimate tr A only, so they accept only the identity.
     */
    public static Estimate trace(LinearOperator op, MatrixFunction f, Method method) {
        return trace(op, f, method, traceQuantity(f));
    }

    private static String traceQuantity(MatrixFunction f) {
        return f instanceof MatrixFunction.Identity ? "trace" : "trace(" + f.name() + ")";
    }

    private static Estimate trace(LinearOperator op, MatrixFunction f, Method method, String quantity) {
        boolean identity = f instanceof MatrixFunction.Identity;
        if (method instanceof Method.PreconditionedSlq && !(f instanceof MatrixFunction.Log)) {
            throw new InvalidInputException("preconditioned SLQ estimates log det only; use Slq or DeflatedSlq for tr "
                    + f.name() + "(A)");
        }
        if (!identity && !(method instanceof Method.Exact || method instanceof Method.Slq
                || method instanceof Method.DeflatedSlq || method instanceof Method.PreconditionedSlq)) {
            throw new InvalidInputException(method.getClass().getSimpleName() + " estimates tr A only; use Slq, "
                    + "DeflatedSlq or Exact for tr " + f.name() + "(A)");
        }
        return switch (method) {
            case Method.Exact e -> ExactEstimator.trace(op, f, quantity);
            case Method.Slq s -> SlqEstimator.trace(op, f, s.options(), quantity);
            case Method.DeflatedSlq d -> SlqEstimator.deflated(op, f, d.rank(), d.options(), quantity);
            case Method.PreconditionedSlq p -> SlqEstimator.preconditioned(op, p.rank(), p.options(), quantity, null);
            case Method.Hutchinson h -> TraceSketches.hutchinson(op, h);
            case Method.HutchPlusPlus h -> TraceSketches.hutchPlusPlus(op, h);
            case Method.NaHutchPlusPlus h -> TraceSketches.naHutchPlusPlus(op, h);
            case Method.XTrace x -> TraceSketches.xtrace(op, x);
            case Method.XNysTrace x -> TraceSketches.xnystrace(op, x);
        };
    }

    /** diag A of a square operator. */
    public static DiagonalEstimate diagonal(LinearOperator op, DiagMethod method) {
        return switch (method) {
            case DiagMethod.Exact e -> DiagonalSketches.exact(op);
            case DiagMethod.Hutchinson h -> DiagonalSketches.hutchinson(op, h);
            case DiagMethod.XDiag x -> DiagonalSketches.xdiag(op, x);
        };
    }

    /** The eigenvalue density of a symmetric operator. */
    public static SpectralDensity density(LinearOperator op, DensityMethod method) {
        return Densities.density(op, method);
    }

    /** The number of eigenvalues in [low, high] of a symmetric operator. */
    public static Estimate eigencount(LinearOperator op, double low, double high, DensityMethod method) {
        return Densities.eigencount(op, low, high, method);
    }

    /** The k largest or smallest eigenpairs of a symmetric operator ({@link EigenOptions#defaults()}). */
    public static Eigenpairs extremeEigenvalues(LinearOperator op, int k, Which which) {
        return KrylovSchur.solve(op, k, which, EigenOptions.defaults());
    }

    public static Eigenpairs extremeEigenvalues(LinearOperator op, int k, Which which, EigenOptions options) {
        return KrylovSchur.solve(op, k, which, options);
    }

    /** The k largest singular values and vectors of any operator with a transpose product. */
    public static SingularValues singularValues(LinearOperator op, int k) {
        return SingularSolver.top(op, k, EigenOptions.defaults());
    }

    public static SingularValues singularValues(LinearOperator op, int k, EigenOptions options) {
        return SingularSolver.top(op, k, options);
    }
}
