// Spectral's own CUDA kernels, compiled by `make native` into a fatbin (sm_80, sm_90 and compute_90 PTX) that ships in
// the cuda jar and is loaded with cuModuleLoadData: no compiler is needed at run time. Symbols are extern "C" so that
// cuModuleGetFunction finds them by their plain names.
#include "kernel_math.h"

// Turns a tile of inner products into kernel values, in place. tile is m x n column-major with leading dimension ld
// and holds x_i . y_j (one cublasDgemm of the two point sets); norms_x and norms_y are the squared norms.
extern "C" __global__ void spectral_kernel_map(int kind, int m, int n, const double *__restrict__ norms_x,
                                               const double *__restrict__ norms_y, double lengthscale, int depth,
                                               double *__restrict__ tile, int ld) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i < m && j < n) {
        double *p = tile + (size_t)j * ld + i;
        *p = spectral_kernel_value(kind, *p, norms_x[i], norms_y[j], lengthscale, depth);
    }
}

// a[i, i] += value for i < n (the nugget of a kernel matrix).
extern "C" __global__ void spectral_add_diagonal(int n, double *__restrict__ a, int lda, double value) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        a[(size_t)i * lda + i] += value;
    }
}
