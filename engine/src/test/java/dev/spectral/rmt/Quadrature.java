package dev.spectral.rmt;

import java.util.function.DoubleUnaryOperator;

/** Test helper: integrals of a density with square-root edges, by Gauss-Legendre in the angle x = mid - half·cos φ. */
final class Quadrature {
    private Quadrature() {}

    /** ∫_a^x f(t) dt for f with square-root behaviour at a and b (a ≤ x ≤ b). */
    static double integrate(DoubleUnaryOperator f, double a, double b, double x) {
        double mid = 0.5 * (a + b);
        double half = 0.5 * (b - a);
        double phiMax = Math.acos(Math.max(-1, Math.min(1, (mid - x) / half)));
        GaussLegendre g = GaussLegendre.on(1500, 0, phiMax);
        double s = 0;
        for (int i = 0; i < g.nodes().length; i++) {
            double phi = g.nodes()[i];
            // a + half·(1 - cos φ), written with sin² so that points near a keep their relative precision.
            double sinHalf = Math.sin(phi / 2);
            s += g.weights()[i] * f.applyAsDouble(a + 2 * half * sinHalf * sinHalf) * half * Math.sin(phi);
        }
        return s;
    }
}
