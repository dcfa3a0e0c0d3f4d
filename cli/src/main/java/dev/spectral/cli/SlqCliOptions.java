package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Probe;
import dev.spectral.estimate.Reorthogonalization;
import dev.spectral.estimate.SlqOptions;
import picocli.CommandLine.Option;

/** Options of stochastic Lanczos quadrature; unset options keep {@link SlqOptions#defaults()}. */
final class SlqCliOptions {
    @Option(names = "--probes", paramLabel = "M", description = "Maximum number of probes (default 50; adaptive stopping may use fewer).")
    Integer probes;

    @Option(names = "--min-probes", paramLabel = "M", description = "Probes always used (default 10).")
    Integer minProbes;

    @Option(names = "--lanczos-degree", paramLabel = "D",
            description = "Fixed Lanczos degree. Default: adaptive per probe (5 to 300 steps) until the quadrature has converged well below the requested error.")
    Integer degree;

    @Option(names = "--max-degree", paramLabel = "D", description = "Upper bound of the adaptive Lanczos degree (default 300).")
    Integer maxDegree;

    @Option(names = "--rtol", paramLabel = "R", description = "Relative tolerance of the stopping rule (default 1e-2).")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A", description = "Absolute tolerance of the stopping rule (default 0).")
    Double atol;

    @Option(names = "--confidence", paramLabel = "C", description = "Confidence level of the interval and of the stopping rule (default 0.95).")
    Double confidence;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (results do not depend on the thread count).")
    Long seed;

    @Option(names = "--probe", paramLabel = "rademacher|gaussian|sphere", description = "Probe distribution (default rademacher).")
    Probe probe;

    @Option(names = "--reorth", paramLabel = "none|full|K", description = "Lanczos reorthogonalization: none (default), full, or a window of K vectors.")
    String reorth;

    @Option(names = "--probe-block", paramLabel = "B",
            description = "Probes advanced together, one block product per Lanczos step (default 8). A matrix-free kernel "
                    + "costs about the same per product for 1 or 16 vectors, so larger blocks need fewer passes over it.")
    Integer probeBlock;

    SlqOptions toOptions() {
        SlqOptions o = SlqOptions.defaults();
        if (probes != null || minProbes != null) {
            int max = probes != null ? probes : Math.max(o.maxProbes(), minProbes);
            int min = minProbes != null ? minProbes : Math.min(o.minProbes(), max);
            o = o.withProbes(min, max);
        }
        if (degree != null) {
            o = o.withDegree(degree);
        } else if (maxDegree != null) {
            o = o.withDegree(Math.min(o.minDegree(), maxDegree), maxDegree);
        }
        if (rtol != null || atol != null) {
            o = o.withTolerance(rtol != null ? rtol : o.relativeTolerance(), atol != null ? atol : o.absoluteTolerance());
        }
        if (confidence != null) {
            o = o.withConfidence(confidence);
        }
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (probe != null) {
            o = o.withProbe(probe);
        }
        if (probeBlock != null) {
            o = o.withBlockSize(probeBlock);
        }
        if (reorth != null) {
            o = o.withReorthogonalization(switch (reorth.toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> Reorthogonalization.none();
                case "full" -> Reorthogonalization.full();
                default -> {
                    try {
                        yield Reorthogonalization.window(Integer.parseInt(reorth));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("--reorth takes none, full or a window size, got '" + reorth + "'");
                    }
                }
            });
        }
        return o;
    }

    long seedOrDefault() {
        return seed != null ? seed : SlqOptions.DEFAULT_SEED;
    }

    double confidenceOrDefault() {
        return confidence != null ? confidence : 0.95;
    }
}
