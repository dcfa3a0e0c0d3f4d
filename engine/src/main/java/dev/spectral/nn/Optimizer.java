package dev.spectral.nn;

/** Training rules: plain stochastic gradient descent, or Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected). */
public enum Optimizer {
    SGD, ADAM
}
