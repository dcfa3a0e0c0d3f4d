package dev.spectral.estimate;

/**
 * What the Lanczos quadrature of an SLQ run did per probe.
 *
 * @param minDegree          smallest degree used by a probe
 * @param maxDegree          largest degree used by a probe
 * @param meanDegree         mean degree
 * @param breakdowns         probes that ended on an invariant subspace (exact quadrature)
 * @param unsettled          probes that reached the maximum degree before their quadrature settled (a bias risk)
 * @param reorthogonalization the reorthogonalization used
 * @param golubKahan         true when the run bidiagonalized the factor of a Gram operator
 */
public record LanczosStats(int minDegree, int maxDegree, double meanDegree, int breakdowns, int unsettled,
                           Reorthogonalization reorthogonalization, boolean golubKahan) {}
