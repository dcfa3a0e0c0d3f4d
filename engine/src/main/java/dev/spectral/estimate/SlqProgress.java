package dev.spectral.estimate;

/**
 * Where a checkpointed SLQ run stands, after a Lanczos step.
 *
 * @param firstProbe     index of the first probe of the block in progress
 * @param blockProbes    probes in the block
 * @param activeProbes   probes of the block still taking Lanczos steps
 * @param step           Lanczos steps taken by the block so far
 * @param maxDegree      the most steps a probe may take
 * @param probesFinished probes finished, this block's included
 * @param matvecs        products with one vector so far, earlier sessions of a resumed run included
 * @param seconds        wall time so far, earlier sessions included
 * @param saved          whether the state was saved after this step
 * @param resumedAtStep  the step this session resumed the block at (0 if it started the block)
 */
public record SlqProgress(long firstProbe, int blockProbes, int activeProbes, int step, int maxDegree,
                          int probesFinished, long matvecs, double seconds, boolean saved, int resumedAtStep) {}
