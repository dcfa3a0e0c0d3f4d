package dev.spectral.estimate;

import dev.spectral.matrix.DenseMatrix;

/**
 * The largest singular values of an operator, A v_i = σ_i u_i.
 *
 * @param values        σ_1 ≥ σ_2 ≥ ... ≥ σ_k
 * @param right         n x k right singular vectors v_i
 * @param left          m x k left singular vectors u_i (A v_i / σ_i; zero columns for σ_i = 0)
 * @param gramResiduals ‖AᵀA v_i - σ_i² v_i‖ (or the AAᵀ analogue) from the eigensolver
 * @param converged     true when every residual met the tolerance
 * @param matvecs       products with the Gram operator (each one product with A and one with Aᵀ), plus k for U
 * @param seconds       wall time
 */
public record SingularValues(double[] values, DenseMatrix right, DenseMatrix left, double[] gramResiduals,
                             boolean converged, long matvecs, double seconds) {}
