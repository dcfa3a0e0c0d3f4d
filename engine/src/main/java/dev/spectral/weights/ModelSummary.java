package dev.spectral.weights;

import java.util.OptionalDouble;

/**
 * Model-level aggregates. Means over alpha run over layers with a successful fit only; failed fits are counted, not
 * averaged in.
 *
 * @param tensors            tensors listed by the source
 * @param analyzed           layers analyzed
 * @param skipped            tensors skipped (with reasons in the layer list)
 * @param fitted             analyzed layers with a power-law fit
 * @param overTrained        layers with alpha < 2
 * @param underTrained       layers with alpha > 6
 * @param fitFailed          analyzed layers without a fit
 * @param correlationTraps   layers whose shuffled ESD has significant spikes
 * @param parametersAnalyzed entries of the analyzed layers
 */
public record ModelSummary(int tensors, int analyzed, int skipped, int fitted, int overTrained, int underTrained,
        int fitFailed, int correlationTraps, long parametersAnalyzed, OptionalDouble meanAlpha,
        OptionalDouble meanAlphaWeighted, OptionalDouble meanLogAlphaNorm, OptionalDouble meanLogSpectralNorm,
        OptionalDouble meanLogFrobeniusNorm, OptionalDouble meanStableRank) {}
