package dev.spectral.nn;

/**
 * Elementwise activations with the first and second derivatives that the Hessian-vector product needs. GELU is the
 * tanh form 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) (GPT-2, BERT), whose derivatives are closed-form; ReLU's second
 * derivative is 0 (its kink has measure zero).
 */
public enum Activation {
    RELU, TANH, GELU;

    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double A = 0.044715;

    public double value(double x) {
        return switch (this) {
            case RELU -> x > 0 ? x : 0;
            case TANH -> Math.tanh(x);
            case GELU -> 0.5 * x * (1 + Math.tanh(C * (x + A * x * x * x)));
        };
    }

    public double derivative(double x) {
        return switch (this) {
            case RELU -> x > 0 ? 1 : 0;
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case GELU -> {
                double t = Math.tanh(C * (x + A * x * x * x));
                double du = C * (1 + 3 * A * x * x);
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
            }
        };
    }

    public double secondDerivative(double x) {
        return switch (this) {
            case RELU -> 0;
            case TANH -> {
                double t = Math.tanh(x);
                yield -2 * t * (1 - t * t);
            }
            case GELU -> {
                double t = Math.tanh(C * (x + A * x * x * x));
                double s = 1 - t * t;
                double du = C * (1 + 3 * A * x * x);
                double ddu = C * 6 * A * x;
                yield s * du + 0.5 * x * s * (ddu - 2 * t * du * du);
            }
        };
    }
}
