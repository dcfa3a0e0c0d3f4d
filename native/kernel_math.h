// Kernel values from an inner product and two squared norms, shared by the CUDA kernels (device) and the host
// check program that compares them with the Java definitions (dev.spectral.kernel.Kernel, ReluNtk). Every formula
// mirrors the Java code line for line, including the clamps; keep the two in step.
#ifndef SPECTRAL_KERNEL_MATH_H
#define SPECTRAL_KERNEL_MATH_H

#include <math.h>

#ifdef __CUDACC__
#define SPECTRAL_HD __host__ __device__ __forceinline__
#else
#define SPECTRAL_HD static inline
#endif

// Kernel kinds, as passed by the Java side (CudaKernelTiles.kind).
#define SPECTRAL_RBF 0
#define SPECTRAL_MATERN12 1
#define SPECTRAL_MATERN32 2
#define SPECTRAL_MATERN52 3
#define SPECTRAL_RELU_NTK 4

#define SPECTRAL_PI 3.14159265358979323846
// Java's Math.ulp(1.0) = 2^-52; ReluNtk.PARALLEL = 8 ulps.
#define SPECTRAL_PARALLEL (8.0 * 2.220446049250313080847e-16)

// |x - y|^2 = |x|^2 + |y|^2 - 2 x.y, clamped at 0 against cancellation (Kernel.squaredDistance).
SPECTRAL_HD double spectral_squared_distance(double dot, double nx, double ny) {
    return fmax(0.0, nx + ny - 2 * dot);
}

// The arc-cosine recursion of the ReLU NTK (ReluNtk.value).
SPECTRAL_HD double spectral_relu_ntk(double dot, double nx, double ny, int depth) {
    double norm = sqrt(nx * ny);
    if (norm == 0) {
        return 0.0;
    }
    double sigma = dot;
    double theta = dot;
    for (int h = 0; h < depth; h++) {
        double c = fmax(-1.0, fmin(1.0, sigma / norm));
        if (c > 1 - SPECTRAL_PARALLEL) {
            c = 1.0;
        }
        double angle = acos(c);
        double derivative = (SPECTRAL_PI - angle) / SPECTRAL_PI;
        sigma = norm * (sqrt(fmax(0.0, 1 - c * c)) + (SPECTRAL_PI - angle) * c) / SPECTRAL_PI;
        theta = theta * derivative + sigma;
    }
    return theta;
}

// k(x, y) for one kind; lengthscale is ignored by the NTK, depth by the stationary kernels.
SPECTRAL_HD double spectral_kernel_value(int kind, double dot, double nx, double ny, double lengthscale, int depth) {
    if (kind == SPECTRAL_RELU_NTK) {
        return spectral_relu_ntk(dot, nx, ny, depth);
    }
    double d2 = spectral_squared_distance(dot, nx, ny);
    if (kind == SPECTRAL_RBF) {
        return exp(-d2 / (2 * lengthscale * lengthscale));
    }
    double r = sqrt(d2) / lengthscale;
    if (kind == SPECTRAL_MATERN12) {
        return exp(-r);
    }
    if (kind == SPECTRAL_MATERN32) {
        double s = sqrt(3.0) * r;
        return (1 + s) * exp(-s);
    }
    double s = sqrt(5.0) * r;
    return (1 + s + s * s / 3) * exp(-s);
}

#endif
