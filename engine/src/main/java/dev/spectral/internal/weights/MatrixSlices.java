package dev.spectral.internal.weights;

import dev.spectral.weights.ConvLayout;
import dev.spectral.weights.TensorInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrices of a tensor: a 2-D tensor is one matrix; a 4-D convolution kernel is one out x in matrix per kernel
 * position. Element (r, c) of a slice is at flat C-order index base + r·rowStride + c·colStride.
 */
record MatrixSlices(int rows, int cols, List<Slice> slices) {
    record Slice(long base, long rowStride, long colStride) {}

    /** The slices of a 2-D or 4-D tensor; other ranks are the caller's to reject. */
    static MatrixSlices of(TensorInfo t, ConvLayout layout) {
        long[] s = t.shape();
        if (s.length == 2) {
            return new MatrixSlices((int) s[0], (int) s[1], List.of(new Slice(0, s[1], 1)));
        }
        if (s.length != 4) {
            throw new IllegalArgumentException("rank " + s.length);
        }
        List<Slice> list = new ArrayList<>();
        return switch (layout) {
            case OUT_IN_KH_KW -> {
                long out = s[0];
                long in = s[1];
                long kh = s[2];
                long kw = s[3];
                for (long p = 0; p < kh; p++) {
                    for (long q = 0; q < kw; q++) {
                        list.add(new Slice(p * kw + q, in * kh * kw, kh * kw));
                    }
                }
                yield new MatrixSlices((int) out, (int) in, list);
            }
            case KH_KW_IN_OUT -> {
                long kh = s[0];
                long kw = s[1];
                long in = s[2];
                long out = s[3];
                for (long p = 0; p < kh; p++) {
                    for (long q = 0; q < kw; q++) {
                        list.add(new Slice((p * kw + q) * in * out, out, 1));
                    }
                }
                yield new MatrixSlices((int) in, (int) out, list);
            }
        };
    }

    int tallRows() {
        return Math.max(rows, cols);
    }

    int tallCols() {
        return Math.min(rows, cols);
    }
}
