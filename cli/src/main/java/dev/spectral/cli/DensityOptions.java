package dev.spectral.cli;

import dev.spectral.estimate.DensityMethod;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.estimate.SlqOptions;
import picocli.CommandLine.Option;

/** How a spectral density (or an eigenvalue count) is estimated. */
final class DensityOptions {
    enum MethodName { SLQ, KPM }

    @Option(names = "--method", defaultValue = "slq", paramLabel = "slq|kpm", description = "Default: ${DEFAULT-VALUE}.")
    MethodName method;

    @Option(names = "--probes", paramLabel = "M", description = "Random probes (default: 10 for slq, 20 for kpm).")
    Integer probes;

    @Option(names = "--lanczos-degree", defaultValue = "60", paramLabel = "D", description = "slq: Lanczos steps per probe, fully reorthogonalized (default ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--sigma", paramLabel = "S", description = "slq: Gaussian broadening width (default: 1% of the spectral range).")
    Double sigma;

    @Option(names = "--moments", defaultValue = "128", paramLabel = "K", description = "kpm: Chebyshev moments (default ${DEFAULT-VALUE}).")
    int moments;

    @Option(names = "--grid", defaultValue = "512", paramLabel = "G", description = "Grid points of the density (default ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed.")
    Long seed;

    DensityMethod toMethod() {
        long s = seed != null ? seed : SlqOptions.DEFAULT_SEED;
        return switch (method) {
            case SLQ -> new DensityMethod.SlqDensity(probes != null ? probes : 10, degree, sigma != null ? sigma : Double.NaN,
                    grid, Reorthogonalization.full(), s);
            case KPM -> new DensityMethod.Kpm(moments, probes != null ? probes : 20, grid, s);
        };
    }
}
