package dev.spectral.kernel;

import dev.spectral.InvalidInputException;

/**
 * The neural tangent kernel of an infinitely wide fully-connected ReLU network with {@code depth} hidden layers
 * (NTK parameterization, weights N(0, 1), activation scale c_σ = 2, no bias), computed by the arc-cosine recursion
 * (Jacot et al. 2018; Arora et al. 2019):
 * <pre>
 *   Σ⁰ = x·y,  Θ⁰ = Σ⁰
 *   for h = 1..L:  cos θ = Σʰ⁻¹(x,y) / √(|x|²|y|²)
 *                  Σʰ(x,y) = √(|x|²|y|²)·(sin θ + (π - θ) cos θ) / π       (Σʰ(x,x) = |x|² for every h)
 *                  Σ̇ʰ(x,y) = (π - θ) / π
 *                  Θʰ = Θʰ⁻¹·Σ̇ʰ + Σʰ
 * </pre>
 * so that k(x, x) = (L + 1)|x|². The value depends only on x·y, |x|² and |y|², so tiles come from one GEMM like the
 * stationary kernels.
 */
public record ReluNtk(int depth) implements Kernel {
    /** Cosines within this of 1 are taken as 1 (parallel inputs). */
    private static final double PARALLEL = 8 * Math.ulp(1.0);

    public ReluNtk {
        if (depth < 1) {
            throw new InvalidInputException("the NTK needs at least one hidden layer, got depth " + depth);
        }
    }

    @Override
    public double value(double dot, double normX2, double normY2) {
        double norm = Math.sqrt(normX2 * normY2);
        if (norm == 0) {
            return 0.0; // Σ⁰ = 0 and every later Σʰ = 0: the tangent kernel of a zero input vanishes
        }
        double sigma = dot;
        double theta = dot;
        for (int h = 0; h < depth; h++) {
            double c = Math.max(-1.0, Math.min(1.0, sigma / norm));
            if (c > 1 - PARALLEL) {
                // x·y and √(|x|²|y|²) carry rounding errors of a few ulps, so such a cosine cannot be told from 1;
                // acos would turn those ulps into an angle of ~1e-8 (and k(x, x) off by that much)
                c = 1.0;
            }
            double angle = Math.acos(c);
            double derivative = (Math.PI - angle) / Math.PI;
            sigma = norm * (Math.sqrt(Math.max(0.0, 1 - c * c)) + (Math.PI - angle) * c) / Math.PI;
            theta = theta * derivative + sigma;
        }
        return theta;
    }

    @Override
    public String name() {
        return "ntk" + depth;
    }
}
