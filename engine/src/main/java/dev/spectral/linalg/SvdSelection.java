package dev.spectral.linalg;

import dev.spectral.InvalidInputException;

/** Which singular values to compute. */
public sealed interface SvdSelection {
    /** All min(m, n) singular values (LAPACK dgesdd). */
    record All() implements SvdSelection {}

    /** The k largest singular values. */
    record Top(int k) implements SvdSelection {
        public Top {
            if (k < 1) {
                throw new InvalidInputException("--top needs k >= 1, got " + k);
            }
        }
    }

    static SvdSelection all() {
        return new All();
    }

    static SvdSelection top(int k) {
        return new Top(k);
    }
}
