package dev.spectral.kernel;

import dev.spectral.InvalidInputException;

/**
 * A positive-definite kernel k(x, y) evaluated from the inner product x·y and the squared norms |x|², |y|², so that a
 * whole tile of kernel values comes from one GEMM (the pairwise inner products) plus an elementwise map.
 */
public interface Kernel {
    /** k(x, y) given x·y, |x|² and |y|². */
    double value(double dot, double normX2, double normY2);

    /** Short name as given on the command line: rbf, matern12, ... */
    String name();

    /** Squared distance from the inner product and norms, clamped at 0 against cancellation. */
    static double squaredDistance(double dot, double normX2, double normY2) {
        return Math.max(0.0, normX2 + normY2 - 2 * dot);
    }

    /** exp(-|x - y|² / (2 ℓ²)). */
    record Rbf(double lengthscale) implements Kernel {
        public Rbf {
            requirePositive(lengthscale);
        }

        @Override
        public double value(double dot, double normX2, double normY2) {
            return Math.exp(-squaredDistance(dot, normX2, normY2) / (2 * lengthscale * lengthscale));
        }

        @Override
        public String name() {
            return "rbf";
        }
    }

    /** Matérn kernels of smoothness ν = 1/2, 3/2, 5/2 with r = |x - y| / ℓ. */
    record Matern(Smoothness nu, double lengthscale) implements Kernel {
        public Matern {
            requirePositive(lengthscale);
        }

        @Override
        public double value(double dot, double normX2, double normY2) {
            double r = Math.sqrt(squaredDistance(dot, normX2, normY2)) / lengthscale;
            return switch (nu) {
                case HALF -> Math.exp(-r);
                case THREE_HALVES -> {
                    double s = Math.sqrt(3) * r;
                    yield (1 + s) * Math.exp(-s);
                }
                case FIVE_HALVES -> {
                    double s = Math.sqrt(5) * r;
                    yield (1 + s + s * s / 3) * Math.exp(-s);
                }
            };
        }

        @Override
        public String name() {
            return switch (nu) {
                case HALF -> "matern12";
                case THREE_HALVES -> "matern32";
                case FIVE_HALVES -> "matern52";
            };
        }
    }

    /** The smoothness of a Matérn kernel. */
    enum Smoothness { HALF, THREE_HALVES, FIVE_HALVES }

    private static void requirePositive(double lengthscale) {
        if (!(lengthscale > 0) || !Double.isFinite(lengthscale)) {
            throw new InvalidInputException("the lengthscale must be a positive number, got " + lengthscale);
        }
    }

    /** A stationary kernel by name: rbf, matern12, matern32, matern52. */
    static Kernel named(String name, double lengthscale) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "rbf", "gaussian" -> new Rbf(lengthscale);
            case "matern12" -> new Matern(Smoothness.HALF, lengthscale);
            case "matern32" -> new Matern(Smoothness.THREE_HALVES, lengthscale);
            case "matern52" -> new Matern(Smoothness.FIVE_HALVES, lengthscale);
            default -> throw new InvalidInputException(
                    "unknown kernel '" + name + "'; known: rbf, matern12, matern32, matern52");
        };
    }
}
