package dev.spectral.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored tensor as listed by a {@link ModelSource}, without its data.
 *
 * @param name      the tensor's name in the file (for a single .npy file, the file name without extension)
 * @param shape     dimensions, outermost first (C order); a scalar has an empty shape
 * @param dtype     the element type, {@link DType#UNSUPPORTED} for types that are not analyzed
 * @param dtypeName the element type as the file names it ("F32", "float16", "<f4", "INT64")
 */
public record TensorInfo(String name, long[] shape, DType dtype, String dtypeName) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(dtypeName, "dtypeName");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dimension(int axis) {
        return shape[axis];
    }

    /** The number of elements (the product of the shape; 1 for a scalar). */
    public long elementCount() {
        long c = 1;
        for (long s : shape) {
            c = Math.multiplyExact(c, s);
        }
        return c;
    }

    /** "[384, 1536]". */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && Arrays.equals(shape, t.shape) && dtype == t.dtype
                && dtypeName.equals(t.dtypeName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), dtype, dtypeName);
    }

    @Override
    public String toString() {
        return name + " " + shapeString() + " " + dtypeName;
    }
}
