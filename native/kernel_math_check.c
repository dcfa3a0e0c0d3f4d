// Host check of kernel_math.h: reads "kind depth lengthscale dot nx ny" lines, prints k with 17 significant digits.
// The Java test KernelMathCheckTest compiles it with the system C compiler and compares with the Java kernels.
#include <stdio.h>
#include "kernel_math.h"

int main(void) {
    int kind, depth;
    double l, dot, nx, ny;
    while (scanf("%d %d %lf %lf %lf %lf", &kind, &depth, &l, &dot, &nx, &ny) == 6) {
        printf("%.17g\n", spectral_kernel_value(kind, dot, nx, ny, l, depth));
    }
    return 0;
}
