package dev.spectral.operator;

import dev.spectral.InvalidInputException;

/** An operator given by user code. Its symmetry and definiteness are declared by the caller, not checked. */
public final class FunctionOperator implements LinearOperator {
    private final int rows;
    private final int cols;
    private final BlockProduct product;
    private final BlockProduct transposeProduct;
    private final boolean symmetric;
    private final String name;

    FunctionOperator(int rows, int cols, BlockProduct product, BlockProduct transposeProduct, boolean symmetric, String name) {
        if (rows < 1 || cols < 1) {
            throw new InvalidInputException("an operator needs at least one row and column, got " + rows + " x " + cols);
        }
        if (symmetric && rows != cols) {
            throw new InvalidInputException("a symmetric operator must be square, got " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.product = product;
        this.transposeProduct = transposeProduct;
        this.symmetric = symmetric;
        this.name = name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        product.apply(x, y, k);
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        if (symmetric) {
            product.apply(x, y, k);
        } else if (transposeProduct != null) {
            transposeProduct.apply(x, y, k);
        } else {
            throw new InvalidInputException(description() + " was given without a transpose product");
        }
    }

    @Override
    public boolean symmetric() {
        return symmetric;
    }

    @Override
    public String description() {
        return name + " " + rows + " x " + cols;
    }
}
