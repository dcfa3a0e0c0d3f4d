package dev.spectral.linalg;

import dev.spectral.InvalidInputException;

/** Which eigenvalues of a symmetric matrix to compute. */
public sealed interface EigenSelection {
    /** Every eigenvalue (LAPACK dsyevd). */
    record All() implements EigenSelection {}

    /** The k largest eigenvalues. */
    record Largest(int k) implements EigenSelection {
        public Largest {
            if (k < 1) {
                throw new InvalidInputException("--top needs k >= 1, got " + k);
            }
        }
    }

    /** The k smallest eigenvalues. */
    record Smallest(int k) implements EigenSelection {
        public Smallest {
            if (k < 1) {
                throw new InvalidInputException("--bottom needs k >= 1, got " + k);
            }
        }
    }

    /** Every eigenvalue in the half-open interval (low, high]. */
    record Range(double low, double high) implements EigenSelection {
        public Range {
            if (!(low < high)) {
                throw new InvalidInputException("an eigenvalue range needs low < high, got (" + low + ", " + high + "]");
            }
        }
    }

    static EigenSelection all() {
        return new All();
    }

    static EigenSelection largest(int k) {
        return new Largest(k);
    }

    static EigenSelection smallest(int k) {
        return new Smallest(k);
    }

    static EigenSelection range(double low, double high) {
        return new Range(low, high);
    }
}
