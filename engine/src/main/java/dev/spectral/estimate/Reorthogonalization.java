package dev.spectral.estimate;

import dev.spectral.InvalidInputException;

/** How Lanczos keeps its basis orthogonal. */
public sealed interface Reorthogonalization {
    /**
     * Plain three-term recurrence: 3 vectors of memory per probe and no extra work. Orthogonality is lost once Ritz
     * values converge, but Gauss quadrature stays accurate (Knizhnerman 1996; Musco, Musco, Sidford 2018), which is
     * why SLQ uses it by default.
     */
    record None() implements Reorthogonalization {}

    /** Against every previous Lanczos vector (classical Gram-Schmidt twice): exact Krylov basis, O(n·j) per step. */
    record Full() implements Reorthogonalization {}

    /** Against the last {@code size} vectors only. */
    record Window(int size) implements Reorthogonalization {
        public Window {
            if (size < 1) {
                throw new InvalidInputException("a reorthogonalization window needs at least one vector, got " + size);
            }
        }
    }

    static Reorthogonalization none() {
        return new None();
    }

    static Reorthogonalization full() {
        return new Full();
    }

    static Reorthogonalization window(int size) {
        return new Window(size);
    }
}
