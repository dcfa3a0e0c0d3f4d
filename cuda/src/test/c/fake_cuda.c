/*
 * A fake CUDA stack for testing Spectral's bindings without a GPU: every function the Java side binds from libcudart,
 * libcublas, libcusolver, libcurand and libcuda, implemented on the CPU. "Device memory" is host malloc (tracked, so
 * cudaMemGetInfo reveals leaks), cuBLAS/cuSOLVER calls are answered by the reference BLAS/LAPACK with cuSOLVER's
 * documented conventions (devInfo in "device" memory, meig on the host, gesvdj returning V not V^T, gesvd only for
 * m >= n, workspace sizes from the bufferSize queries enforced), and cuLaunchKernel runs spectral_kernel_map on the
 * host from the marshalled parameter array with the shared native/kernel_math.h. This checks the Java side (types,
 * argument order, offsets, ownership), not NVIDIA's libraries: a wrong belief about cuSOLVER would be shared by both.
 * The test compiles it into one shared object and copies it under each soname.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_math.h"

typedef int status_t;
#define INVALID 3 /* CUSOLVER_STATUS_INVALID_VALUE */
#define BLAS_INVALID 7 /* CUBLAS_STATUS_INVALID_VALUE */

/* Fortran BLAS/LAPACK (hidden string lengths appended, as gfortran passes them). */
extern void dgemm_(const char *, const char *, const int *, const int *, const int *, const double *, const double *,
                   const int *, const double *, const int *, const double *, double *, const int *, size_t, size_t);
extern void dcopy_(const int *, const double *, const int *, double *, const int *);
extern void dsyevd_(const char *, const char *, const int *, double *, const int *, double *, double *, const int *,
                    int *, const int *, int *, size_t, size_t);
extern void dsyevr_(const char *, const char *, const char *, const int *, double *, const int *, const double *,
                    const double *, const int *, const int *, const double *, int *, double *, double *, const int *,
                    int *, double *, const int *, int *, const int *, int *, size_t, size_t, size_t);
extern void dgesdd_(const char *, const int *, const int *, double *, const int *, double *, double *, const int *,
                    double *, const int *, double *, const int *, int *, int *, size_t);
extern void dgesvd_(const char *, const char *, const int *, const int *, double *, const int *, double *, double *,
                    const int *, double *, const int *, double *, const int *, int *, size_t, size_t);
extern void dpotrf_(const char *, const int *, double *, const int *, int *, size_t);
extern void dsytrf_(const char *, const int *, double *, const int *, int *, double *, const int *, int *, size_t);
extern void dgetrf_(const int *, const int *, double *, const int *, int *, int *);

/* ------------------------------------------------------------------ runtime */

#define TOTAL_BYTES (1L << 34)
static long allocated_bytes;
static long live_allocations;
typedef struct { size_t bytes; } header_t;

int cudaGetDeviceCount(int *n) { *n = 1; return 0; }
int cudaSetDevice(int d) { return d == 0 ? 0 : 101; /* cudaErrorInvalidDevice */ }
int cudaGetDevice(int *d) { *d = 0; return 0; }
int cudaMalloc(void **p, size_t bytes) {
    header_t *h = malloc(sizeof(header_t) + bytes);
    if (!h) return 2;
    h->bytes = bytes;
    allocated_bytes += (long)bytes;
    live_allocations++;
    *p = h + 1;
    return 0;
}
int cudaFree(void *p) {
    if (!p) return 0;
    header_t *h = (header_t *)p - 1;
    allocated_bytes -= (long)h->bytes;
    live_allocations--;
    free(h);
    return 0;
}
int cudaMemcpy(void *dst, const void *src, size_t bytes, int kind) {
    if (kind < 0 || kind > 4) return 21; /* cudaErrorInvalidMemcpyDirection */
    memcpy(dst, src, bytes);
    return 0;
}
int cudaMemset(void *p, int v, size_t bytes) { memset(p, v, bytes); return 0; }
int cudaMemGetInfo(size_t *free_bytes, size_t *total) {
    *total = TOTAL_BYTES;
    *free_bytes = TOTAL_BYTES - allocated_bytes;
    return 0;
}
int cudaRuntimeGetVersion(int *v) { *v = 13000; return 0; }
int cudaDriverGetVersion(int *v) { *v = 13000; return 0; }
const char *cudaGetErrorString(int e) { return e == 0 ? "no error" : e == 2 ? "out of memory" : "fake error"; }
const char *cudaGetErrorName(int e) { return e == 0 ? "cudaSuccess" : e == 2 ? "cudaErrorMemoryAllocation" : "cudaErrorFake"; }
int cudaDeviceGetAttribute(int *v, int attr, int dev) { *v = attr == 75 ? 9 : 0; return dev == 0 ? 0 : 101; }
int cudaDeviceSynchronize(void) { return 0; }
/* For the test: allocations still alive. */
long fake_live_allocations(void) { return live_allocations; }

/* ------------------------------------------------------------------ cuBLAS */

static int handles;
status_t cublasCreate_v2(void **h) { *h = malloc(16); handles++; return 0; }
status_t cublasDestroy_v2(void *h) { free(h); handles--; return 0; }
status_t cublasGetProperty(int type, int *v) { *v = type == 0 ? 13 : type == 1 ? 1 : 0; return 0; }
const char *cublasGetStatusString(int s) { return s == 0 ? "success" : "fake cuBLAS failure"; }
status_t cublasDgemm_v2(void *h, int ta, int tb, int m, int n, int k, const double *alpha, const double *a, int lda,
                        const double *b, int ldb, const double *beta, double *c, int ldc) {
    if (!h || ta < 0 || ta > 1 || tb < 0 || tb > 1 || lda < (ta ? k : m) || ldb < (tb ? n : k) || ldc < m) return BLAS_INVALID;
    dgemm_(ta ? "T" : "N", tb ? "T" : "N", &m, &n, &k, alpha, a, &lda, b, &ldb, beta, c, &ldc, 1, 1);
    return 0;
}
status_t cublasDcopy_v2(void *h, int n, const double *x, int incx, double *y, int incy) {
    if (!h || n < 0) return BLAS_INVALID;
    dcopy_(&n, x, &incx, y, &incy);
    return 0;
}
int fake_live_handles(void) { return handles; }

/* ------------------------------------------------------------------ cuSOLVER */

status_t cusolverDnCreate(void **h) { *h = malloc(16); handles++; return 0; }
status_t cusolverDnDestroy(void *h) { free(h); handles--; return 0; }
status_t cusolverGetProperty(int type, int *v) { *v = type == 0 ? 12 : type == 1 ? 0 : 4; return 0; }
status_t cusolverDnCreateGesvdjInfo(void **p) { *p = malloc(16); handles++; return 0; }
status_t cusolverDnDestroyGesvdjInfo(void *p) { free(p); handles--; return 0; }

/* The workspaces each routine demands; the compute calls refuse anything smaller. */
static int lwork_eig(int n) { return 2 * n * n + 6 * n + 1; }
static int lwork_svd(int m, int n) { return (m > n ? m : n) * 7 + 1; }
static int lwork_fact(int n) { return 64 * n + 1; }

status_t cusolverDnDsyevd_bufferSize(void *h, int jobz, int uplo, int n, const double *a, int lda, const double *w, int *lwork) {
    if (!h || lda < n || uplo != 0) return INVALID;
    *lwork = lwork_eig(n);
    return 0;
}
status_t cusolverDnDsyevd(void *h, int jobz, int uplo, int n, double *a, int lda, double *w, double *work, int lwork, int *info) {
    if (!h || lda < n || lwork < lwork_eig(n) || uplo != 0) return INVALID;
    int lw = -1, liw = -1, iq, q_info;
    double wq;
    dsyevd_(jobz ? "V" : "N", "L", &n, a, &lda, w, &wq, &lw, &iq, &liw, &q_info, 1, 1);
    lw = (int)wq;
    liw = iq;
    double *wk = malloc(sizeof(double) * (size_t)lw);
    int *iwk = malloc(sizeof(int) * (size_t)liw);
    dsyevd_(jobz ? "V" : "N", "L", &n, a, &lda, w, wk, &lw, iwk, &liw, info, 1, 1);
    free(wk);
    free(iwk);
    return 0;
}
status_t cusolverDnDsyevdx_bufferSize(void *h, int jobz, int range, int uplo, int n, const double *a, int lda, double vl,
                                      double vu, int il, int iu, int *meig, const double *w, int *lwork) {
    if (!h || lda < n || range < 1001 || range > 1003 || uplo != 0) return INVALID;
    *lwork = lwork_eig(n);
    return 0;
}
status_t cusolverDnDsyevdx(void *h, int jobz, int range, int uplo, int n, double *a, int lda, double vl, double vu,
                           int il, int iu, int *meig, double *w, double *work, int lwork, int *info) {
    if (!h || lda < n || lwork < lwork_eig(n) || uplo != 0) return INVALID;
    if (range == 1002 && !(1 <= il && il <= iu && iu <= n)) return INVALID;
    if (range == 1003 && !(vl < vu)) return INVALID;
    const char *r = range == 1001 ? "A" : range == 1002 ? "I" : "V";
    double *z = malloc(sizeof(double) * (size_t)n * n);
    int *isuppz = malloc(sizeof(int) * 2 * (size_t)n);
    double abstol = 0, wq;
    int lw = -1, liw = -1, iq, m = 0;
    dsyevr_(jobz ? "V" : "N", r, "L", &n, a, &lda, &vl, &vu, &il, &iu, &abstol, &m, w, z, &n, isuppz, &wq, &lw, &iq,
            &liw, info, 1, 1, 1);
    lw = (int)wq;
    liw = iq;
    double *wk = malloc(sizeof(double) * (size_t)lw);
    int *iwk = malloc(sizeof(int) * (size_t)liw);
    dsyevr_(jobz ? "V" : "N", r, "L", &n, a, &lda, &vl, &vu, &il, &iu, &abstol, &m, w, z, &n, isuppz, wk, &lw, iwk,
            &liw, info, 1, 1, 1);
    if (jobz) {
        for (int j = 0; j < m; j++) memcpy(a + (size_t)j * lda, z + (size_t)j * n, sizeof(double) * (size_t)n);
    }
    *meig = m;
    free(z);
    free(isuppz);
    free(wk);
    free(iwk);
    return 0;
}
status_t cusolverDnDgesvdj_bufferSize(void *h, int jobz, int econ, int m, int n, const double *a, int lda,
                                      const double *s, const double *u, int ldu, const double *v, int ldv, int *lwork,
                                      void *params) {
    if (!h || !params || lda < m || econ != 1) return INVALID;
    *lwork = lwork_svd(m, n);
    return 0;
}
status_t cusolverDnDgesvdj(void *h, int jobz, int econ, int m, int n, double *a, int lda, double *s, double *u, int ldu,
                           double *v, int ldv, double *work, int lwork, int *info, void *params) {
    int r = m < n ? m : n;
    if (!h || !params || lda < m || econ != 1 || lwork < lwork_svd(m, n)) return INVALID;
    if (jobz && (ldu < m || ldv < n)) return INVALID;
    double *vt = malloc(sizeof(double) * (size_t)r * n);
    int *iwork = malloc(sizeof(int) * 8 * (size_t)r);
    double wq;
    int lw = -1, one = 1;
    dgesdd_(jobz ? "S" : "N", &m, &n, a, &lda, s, u, jobz ? &ldu : &one, vt, jobz ? &r : &one, &wq, &lw, iwork, info, 1);
    lw = (int)wq;
    double *wk = malloc(sizeof(double) * (size_t)lw);
    dgesdd_(jobz ? "S" : "N", &m, &n, a, &lda, s, u, jobz ? &ldu : &one, vt, jobz ? &r : &one, wk, &lw, iwork, info, 1);
    if (jobz) {
        for (int i = 0; i < r; i++)
            for (int j = 0; j < n; j++) v[j + (size_t)i * ldv] = vt[i + (size_t)j * r];
    }
    free(vt);
    free(iwork);
    free(wk);
    return 0;
}
status_t cusolverDnDgesvd_bufferSize(void *h, int m, int n, int *lwork) {
    if (!h || m < n) return INVALID;
    *lwork = lwork_svd(m, n);
    return 0;
}
status_t cusolverDnDgesvd(void *h, signed char jobu, signed char jobvt, int m, int n, double *a, int lda, double *s,
                          double *u, int ldu, double *vt, int ldvt, double *work, int lwork, double *rwork, int *info) {
    if (!h || m < n || lda < m || lwork < lwork_svd(m, n)) return INVALID;
    char ju[2] = {(char)jobu, 0}, jv[2] = {(char)jobvt, 0};
    double wq;
    int lw = -1;
    dgesvd_(ju, jv, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, &wq, &lw, info, 1, 1);
    lw = (int)wq;
    double *wk = malloc(sizeof(double) * (size_t)lw);
    dgesvd_(ju, jv, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, wk, &lw, info, 1, 1);
    free(wk);
    return 0;
}
status_t cusolverDnDpotrf_bufferSize(void *h, int uplo, int n, double *a, int lda, int *lwork) {
    if (!h || lda < n || uplo != 0) return INVALID;
    *lwork = lwork_fact(n);
    return 0;
}
status_t cusolverDnDpotrf(void *h, int uplo, int n, double *a, int lda, double *work, int lwork, int *info) {
    if (!h || lda < n || lwork < lwork_fact(n) || uplo != 0) return INVALID;
    dpotrf_("L", &n, a, &lda, info, 1);
    return 0;
}
status_t cusolverDnDsytrf_bufferSize(void *h, int n, double *a, int lda, int *lwork) {
    if (!h || lda < n) return INVALID;
    *lwork = lwork_fact(n);
    return 0;
}
status_t cusolverDnDsytrf(void *h, int uplo, int n, double *a, int lda, int *ipiv, double *work, int lwork, int *info) {
    if (!h || lda < n || lwork < lwork_fact(n) || uplo != 0) return INVALID;
    int lw = lwork_fact(n);
    double *wk = malloc(sizeof(double) * (size_t)lw);
    dsytrf_("L", &n, a, &lda, ipiv, wk, &lw, info, 1);
    free(wk);
    return 0;
}
status_t cusolverDnDgetrf_bufferSize(void *h, int m, int n, double *a, int lda, int *lwork) {
    if (!h || lda < m) return INVALID;
    *lwork = lwork_fact(n);
    return 0;
}
status_t cusolverDnDgetrf(void *h, int m, int n, double *a, int lda, double *work, int *ipiv, int *info) {
    if (!h || lda < m || !work) return INVALID;
    dgetrf_(&m, &n, a, &lda, ipiv, info);
    return 0;
}

/* ------------------------------------------------------------------ cuRAND */

int curandGetVersion(int *v) { *v = 10400; return 0; }

/* ------------------------------------------------------------------ driver */

int cuInit(unsigned flags) { return flags == 0 ? 0 : 1; }
int cuDriverGetVersion(int *v) { *v = 13000; return 0; }
int cuDeviceGet(int *d, int ordinal) { *d = ordinal; return ordinal == 0 ? 0 : 101; }
int cuDeviceGetName(char *name, int len, int dev) { snprintf(name, (size_t)len, "Spectral fake GPU"); return 0; }
int cuDeviceTotalMem_v2(size_t *bytes, int dev) { *bytes = TOTAL_BYTES; return 0; }
int cuDeviceGetAttribute(int *v, int attr, int dev) { *v = attr == 75 ? 9 : 0; return 0; }
int cuGetErrorString(int e, const char **s) { *s = e == 0 ? "no error" : "fake driver error"; return 0; }
int cuGetErrorName(int e, const char **s) { *s = e == 0 ? "CUDA_SUCCESS" : "CUDA_ERROR_FAKE"; return 0; }

static int modules;
static void host_kernel_map(void) {}
int cuModuleLoadData(void **module, const void *image) {
    uint32_t magic;
    memcpy(&magic, image, 4);
    if (magic != 0xBA55ED50u) return 200; /* CUDA_ERROR_INVALID_IMAGE */
    *module = malloc(16);
    modules++;
    return 0;
}
int cuModuleGetFunction(void **f, void *module, const char *name) {
    if (!module || strcmp(name, "spectral_kernel_map") != 0) return 500; /* CUDA_ERROR_NOT_FOUND */
    *f = (void *)&host_kernel_map;
    return 0;
}
int cuModuleUnload(void *module) { free(module); modules--; return 0; }
/* (kind, m, n, norms_x, norms_y, lengthscale, depth, nugget, diag, tile, ld): spectral_kernel_map's parameters. */
int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void *stream, void **params, void **extra) {
    if (f != (void *)&host_kernel_map || extra != NULL || gz != 1 || bz != 1) return 1;
    int kind = *(int *)params[0], m = *(int *)params[1], n = *(int *)params[2];
    const double *nx = *(double **)params[3], *ny = *(double **)params[4];
    double l = *(double *)params[5];
    int depth = *(int *)params[6];
    double nugget = *(double *)params[7];
    int diag = *(int *)params[8];
    double *tile = *(double **)params[9];
    int ld = *(int *)params[10];
    if ((long)gx * bx < m || (long)gy * by < n || ld < m) return 1; /* the grid must cover the tile */
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
            double *p = tile + (size_t)j * ld + i; /* the same body as spectral_kernels.cu */
            *p = j - i == diag ? spectral_kernel_value(kind, ny[j], ny[j], ny[j], l, depth) + nugget
                               : spectral_kernel_value(kind, *p, nx[i], ny[j], l, depth);
        }
    return 0;
}
int fake_live_modules(void) { return modules; }
