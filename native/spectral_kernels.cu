// Spectral's own CUDA kernels, compiled by `make native` into a fatbin (sm_80, sm_90 and compute_90 PTX) that ships in
// the cuda jar and is loaded with cuModuleLoadData: no compiler is needed at run time. Symbols are extern "C" so that
// cuModuleGetFunction finds them by their plain names.
#include "kernel_math.h"

// Turns a tile of inner products into kernel values, in place, as KernelMatrix.tile does on the CPU. tile is m x n
// column-major with leading dimension ld and holds x_i . x_j for rows i0 + i and columns j0 + j (one cublasDgemm);
// norms_x and norms_y are the squared norms of those rows and columns. Entries on the kernel matrix's diagonal
// (j - i == diag, diag = i0 - j0) take x.x = |x|^2 exactly, so their distance is exactly 0, and get the nugget.
extern "C" __global__ void spectral_kernel_map(int kind, int m, int n, const double *__restrict__ norms_x,
                                               const double *__restrict__ norms_y, double lengthscale, int depth,
                                               double nugget, int diag, double *__restrict__ tile, int ld) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i < m && j < n) {
        double *p = tile + (size_t)j * ld + i;
        if (j - i == diag) {
            double nj = norms_y[j];
            *p = spectral_kernel_value(kind, nj, nj, nj, lengthscale, depth) + nugget;
        } else {
            *p = spectral_kernel_value(kind, *p, norms_x[i], norms_y[j], lengthscale, depth);
        }
    }
}
