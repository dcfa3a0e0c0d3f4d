package dev.spectral.weights;

/**
 * Element types of stored weights. The floating-point ones are read and widened to float64 exactly (every float16,
 * bfloat16 and float32 value is representable as a double); anything else is listed but not analyzed.
 */
public enum DType {
    FLOAT64(8),
    FLOAT32(4),
    FLOAT16(2),
    BFLOAT16(2),
    /** Integers, booleans, float8, complex, strings: listed with their name as stored, skipped by the analysis. */
    UNSUPPORTED(0);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element; 0 for {@link #UNSUPPORTED}. */
    public int bytes() {
        return bytes;
    }

    public boolean isReadable() {
        return this != UNSUPPORTED;
    }
}
