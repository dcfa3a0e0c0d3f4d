package dev.spectral.estimate;

import dev.spectral.InvalidInputException;

/**
 * How a diagonal is computed. Budgets count products with one vector; defaults: seed {@link SlqOptions#DEFAULT_SEED}.
 * Every estimate comes with per-entry standard errors.
 */
public sealed interface DiagMethod {
    /** The operator's own diagonal when it has one, else products with the identity columns (n products). */
    record Exact() implements DiagMethod {}

    /** Hutchinson's diagonal estimator (Bekas, Kokiopoulou, Saad 2007): mean of z ⊙ Az over Rademacher z. */
    record Hutchinson(int budget, long seed) implements DiagMethod {
        public Hutchinson {
            if (budget < 2) {
                throw new InvalidInputException("the Hutchinson diagonal needs a budget of at least 2, got " + budget);
            }
        }
    }

    /** XDiag (Epperly, Tropp, Webber 2024): exchangeable low-rank + residual estimate from budget/2 sign probes. */
    record XDiag(int budget, long seed) implements DiagMethod {
        public XDiag {
            if (budget < 4) {
                throw new InvalidInputException("XDiag needs a budget of at least 4, got " + budget);
            }
        }
    }

    static DiagMethod exact() {
        return new Exact();
    }

    static DiagMethod hutchinson(int budget) {
        return new Hutchinson(budget, SlqOptions.DEFAULT_SEED);
    }

    static DiagMethod xdiag(int budget) {
        return new XDiag(budget, SlqOptions.DEFAULT_SEED);
    }
}
