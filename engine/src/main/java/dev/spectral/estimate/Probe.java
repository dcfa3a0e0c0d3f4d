package dev.spectral.estimate;

/** The distribution of random probe vectors z with E[zzᵀ] = I. */
public enum Probe {
    /** Independent ±1 entries (|z|² = n exactly; the smallest variance for Hutchinson on most matrices). */
    RADEMACHER,
    /** Independent standard normal entries. */
    GAUSSIAN,
    /** Uniform on the sphere of radius √n (normalized Gaussian). */
    SPHERE
}
