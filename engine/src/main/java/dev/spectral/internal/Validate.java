package dev.spectral.internal;

import dev.spectral.matrix.DenseMatrix;

/** Input checks shared by every backend, so that all of them refuse the same inputs with the same messages. */
public final class Validate {
    /**
     * Relative asymmetry (max |a_ij - a_ji| / max |a_ij|) above which a matrix is refused where a symmetric one is
     * required. Files written in float32 from a symmetric float64 matrix stay exactly symmetric, so this only has to
     * absorb round-off from callers that symmetrize by hand.
     */
    public static final double SYMMETRY_TOLERANCE = 1e-10;

    private Validate() {}

    public static void symmetric(DenseMatrix a, String what) {
        a.requireSquare(what).requireFinite(what).requireSymmetric(what, SYMMETRY_TOLERANCE);
    }

    public static void squareFinite(DenseMatrix a, String what) {
        a.requireSquare(what).requireFinite(what);
    }
}
