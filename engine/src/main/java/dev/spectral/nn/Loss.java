package dev.spectral.nn;

/**
 * Per-example losses of the network output z (d values) for a class label y; the data-set loss is their mean.
 * <ul>
 *   <li>{@link #SOFTMAX_CROSS_ENTROPY}: log Σ exp z - z_y; gradient p - e_y with p = softmax(z); Hessian
 *       diag(p) - ppᵀ (positive semidefinite).</li>
 *   <li>{@link #SQUARED}: ½‖z - e_y‖² against the one-hot target; gradient z - e_y; Hessian I.</li>
 * </ul>
 */
public enum Loss {
    SOFTMAX_CROSS_ENTROPY, SQUARED
}
