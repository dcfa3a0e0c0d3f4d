package dev.spectral.internal.outofcore;

/** The partition of 0..n-1 into blocks of size b (the last one possibly shorter). */
public record Blocks(int n, int b) {
    public int count() {
        return (n + b - 1) / b;
    }

    public int start(int block) {
        return block * b;
    }

    public int size(int block) {
        return Math.min(b, n - block * b);
    }
}
