package dev.spectral.estimate;

import dev.spectral.InvalidInputException;

/**
 * How a trace-type quantity is computed, kept apart from what is computed (imate style). Budgets count products of
 * the operator with one vector.
 *
 * <p>Defaults: {@link #slq()} uses {@link SlqOptions#defaults()}; the budget methods default to 100 products, seed
 * {@link SlqOptions#DEFAULT_SEED} and 95% intervals; {@link #deflatedSlq()} deflates 20 eigenpairs.
 */
public sealed interface Method {
    int DEFAULT_BUDGET = 100;
    double DEFAULT_CONFIDENCE = 0.95;

    /** Every eigenvalue of the operator made dense (LAPACK; small operators only). Standard error 0. */
    record Exact() implements Method {}

    /** Stochastic Lanczos quadrature for tr f(A), any f (symmetric A). */
    record Slq(SlqOptions options) implements Method {}

    /**
     * SLQ on the remainder after deflating {@code rank} eigenpairs found by thick-restart Lanczos, whose part of
     * tr f(A) is exact: Σ f(λ_i) + tr(P⊥ f(A) P⊥). The pairs taken are the smallest eigenvalues for A⁻¹ and
     * negative powers (where f is largest), the largest otherwise.
     */
    record DeflatedSlq(int rank, SlqOptions options) implements Method {
        public DeflatedSlq {
            if (rank < 1) {
                throw new InvalidInputException("deflated SLQ needs a rank of at least 1, got " + rank);
            }
        }
    }

    /**
     * log det A = log det P + tr log(P^(-1/2) A P^(-1/2)) with P = L Lᵀ + δI from a rank-{@code rank} pivoted
     * Cholesky of A (exact log det P) and SLQ on the preconditioned operator, which needs fewer Lanczos steps when A's
     * spectrum decays (kernels): GPyTorch's preconditioner. Needs an operator whose columns can be computed
     * ({@link dev.spectral.operator.ColumnSource}: dense matrices, kernels); log det only.
     */
    record PreconditionedSlq(int rank, SlqOptions options) implements Method {
        public PreconditionedSlq {
            if (rank < 1) {
                throw new InvalidInputException("preconditioned SLQ needs a rank of at least 1, got " + rank);
            }
        }
    }

    /** Girard-Hutchinson: mean of zᵀAz over {@code budget} probes; error ∝ 1/√budget. tr A only. */
    record Hutchinson(int budget, Probe probe, long seed, double confidence) implements Method {
        public Hutchinson {
            requireBudget("Hutchinson", budget, 2);
            requireConfidence(confidence);
        }
    }

    /** Hutch++ (Meyer, Musco, Musco, Woodruff 2021): thirds for the range sketch, its projection and the residual. */
    record HutchPlusPlus(int budget, long seed, double confidence) implements Method {
        public HutchPlusPlus {
            requireBudget("Hutch++", budget, 6);
            requireConfidence(confidence);
        }
    }

    /** NA-Hutch++: the single-pass variant (sketch sizes 1/6, 1/3, 1/2 of the budget). */
    record NaHutchPlusPlus(int budget, long seed, double confidence) implements Method {
        public NaHutchPlusPlus {
            requireBudget("NA-Hutch++", budget, 12);
            requireConfidence(confidence);
        }
    }

    /** XTrace (Epperly, Tropp, Webber 2024): budget/2 sphere probes, each used for the range and the residual. */
    record XTrace(int budget, long seed, double confidence) implements Method {
        public XTrace {
            requireBudget("XTrace", budget, 4);
            requireConfidence(confidence);
        }
    }

    /** XNysTrace: the Nyström version of XTrace for positive semidefinite A; one pass of {@code budget} probes. */
    record XNysTrace(int budget, long seed, double confidence) implements Method {
        public XNysTrace {
            requireBudget("XNysTrace", budget, 3);
            requireConfidence(confidence);
        }
    }

    static Method exact() {
        return new Exact();
    }

    static Slq slq() {
        return new Slq(SlqOptions.defaults());
    }

    static Slq slq(SlqOptions options) {
        return new Slq(options);
    }

    static PreconditionedSlq preconditionedSlq(int rank) {
        return new PreconditionedSlq(rank, SlqOptions.defaults());
    }

    static Method deflatedSlq() {
        return new DeflatedSlq(20, SlqOptions.defaults());
    }

    static Method deflatedSlq(int rank, SlqOptions options) {
        return new DeflatedSlq(rank, options);
    }

    static Method hutchinson(int budget) {
        return new Hutchinson(budget, Probe.RADEMACHER, SlqOptions.DEFAULT_SEED, DEFAULT_CONFIDENCE);
    }

    static Method hutchPlusPlus(int budget) {
        return new HutchPlusPlus(budget, SlqOptions.DEFAULT_SEED, DEFAULT_CONFIDENCE);
    }

    static Method naHutchPlusPlus(int budget) {
        return new NaHutchPlusPlus(budget, SlqOptions.DEFAULT_SEED, DEFAULT_CONFIDENCE);
    }

    static Method xtrace(int budget) {
        return new XTrace(budget, SlqOptions.DEFAULT_SEED, DEFAULT_CONFIDENCE);
    }

    static Method xnystrace(int budget) {
        return new XNysTrace(budget, SlqOptions.DEFAULT_SEED, DEFAULT_CONFIDENCE);
    }

    private static void requireBudget(String name, int budget, int min) {
        if (budget < min) {
            throw new InvalidInputException(name + " needs a budget of at least " + min + " products, got " + budget);
        }
    }

    private static void requireConfidence(double c) {
        if (!(c > 0 && c < 1)) {
            throw new InvalidInputException("the confidence level must be in (0, 1), got " + c);
        }
    }
}
