package dev.spectral.bench;

import dev.spectral.internal.cpu.NetlibRuntime;

/** Prints what BLAS/LAPACK the CPU backend runs on, one "key: value" per line, for the benchmark report. */
public final class BlasInfo {
    private BlasInfo() {}

    public static void main(String[] args) {
        NetlibRuntime.get().describe().forEach(System.out::println);
    }
}
