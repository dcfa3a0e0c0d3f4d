package dev.spectral.estimate;

import dev.spectral.InvalidInputException;
import java.util.function.DoubleUnaryOperator;

/**
 * A scalar function f applied to a symmetric operator through its eigenvalues: tr f(A) = Σ f(λ_i). Each function
 * declares the eigenvalues it accepts; estimators refuse an operator whose Ritz values fall outside (a Ritz value
 * lies between the extreme eigenvalues, so a negative one proves that A is not positive semidefinite).
 */
public sealed interface MatrixFunction {
    /** Eigenvalues a function accepts. */
    enum Domain {
        /** Any real eigenvalue. */
        REAL,
        /** λ ≥ 0: positive semidefinite operators. */
        NONNEGATIVE,
        /** λ > 0: positive definite operators. */
        POSITIVE
    }

    double apply(double x);

    /** Short name for results: "log", "inverse", "exp(0.5·A)", "power(3)", "sqrt", or the user's name. */
    String name();

    Domain domain();

    /** f(x) = x: tr A. */
    record Identity() implements MatrixFunction {
        public double apply(double x) {
            return x;
        }

        public String name() {
            return "identity";
        }

        public Domain domain() {
            return Domain.REAL;
        }
    }

    /** f(x) = log x: tr log A = log det A for positive definite A. */
    record Log() implements MatrixFunction {
        public double apply(double x) {
            return Math.log(x);
        }

        public String name() {
            return "log";
        }

        public Domain domain() {
            return Domain.POSITIVE;
        }
    }

    /** f(x) = 1/x: tr A⁻¹ (positive definite A; for a negative definite A estimate -tr (-A)⁻¹). */
    record Inverse() implements MatrixFunction {
        public double apply(double x) {
            return 1 / x;
        }

        public String name() {
            return "inverse";
        }

        public Domain domain() {
            return Domain.POSITIVE;
        }
    }

    /** f(x) = exp(t x): tr exp(tA). */
    record Exp(double t) implements MatrixFunction {
        public Exp {
            if (!Double.isFinite(t)) {
                throw new InvalidInputException("exp(tA) needs a finite t, got " + t);
            }
        }

        public double apply(double x) {
            return Math.exp(t * x);
        }

        public String name() {
            return "exp(" + t + "·A)";
        }

        public Domain domain() {
            return Domain.REAL;
        }
    }

    /** f(x) = x^p (Schatten-type traces); non-integer p needs λ ≥ 0, negative p needs λ > 0. */
    record Power(double p) implements MatrixFunction {
        public Power {
            if (!Double.isFinite(p)) {
                throw new InvalidInputException("a matrix power needs a finite exponent, got " + p);
            }
        }

        public double apply(double x) {
            return p == 1 ? x : p == 2 ? x * x : Math.pow(x, p);
        }

        public String name() {
            return "power(" + p + ")";
        }

        public Domain domain() {
            if (p < 0) {
                return Domain.POSITIVE;
            }
            return p == Math.rint(p) ? Domain.REAL : Domain.NONNEGATIVE;
        }
    }

    /** f(x) = √x. */
    record Sqrt() implements MatrixFunction {
        public double apply(double x) {
            return Math.sqrt(x);
        }

        public String name() {
            return "sqrt";
        }

        public Domain domain() {
            return Domain.NONNEGATIVE;
        }
    }

    /** A user function; it must be finite on its declared domain. */
    record Custom(String name, DoubleUnaryOperator f, Domain domain) implements MatrixFunction {
        public double apply(double x) {
            return f.applyAsDouble(x);
        }
    }

    static MatrixFunction identity() {
        return new Identity();
    }

    static MatrixFunction log() {
        return new Log();
    }

    static MatrixFunction inverse() {
        return new Inverse();
    }

    static MatrixFunction exp(double t) {
        return new Exp(t);
    }

    static MatrixFunction power(double p) {
        return new Power(p);
    }

    static MatrixFunction sqrt() {
        return new Sqrt();
    }

    static MatrixFunction custom(String name, DoubleUnaryOperator f, Domain domain) {
        return new Custom(name, f, domain);
    }
}
