package dev.spectral.estimate;

import java.util.List;

/** log det(A + t_i I) for several shifts from one Lanczos run per probe; estimates are in the order of the shifts. */
public record ShiftedLogDets(double[] shifts, List<Estimate> estimates) {}
