package dev.spectral.internal.estimate;

import dev.spectral.operator.LinearOperator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the vectors an estimator multiplies by its operator (one per column of a block product). */
public final class Counting implements LinearOperator {
    private final LinearOperator a;
    private final AtomicLong products = new AtomicLong();

    private Counting(LinearOperator a) {
        this.a = a;
    }

    public static Counting wrap(LinearOperator a) {
        return a instanceof Counting c ? c : new Counting(a);
    }

    /** The operator under any counting wrapper. */
    public static LinearOperator unwrap(LinearOperator a) {
        return a instanceof Counting c ? c.a : a;
    }

    /** Adds products done by going around the wrapper (Golub-Kahan on a Gram operator's factor). */
    public static void add(LinearOperator a, long k) {
        if (a instanceof Counting c) {
            c.products.addAndGet(k);
        }
    }

    /** Products counted by {@code a}'s wrapper, or 0 when it has none. */
    public static long products(LinearOperator a) {
        return a instanceof Counting c ? c.products() : 0;
    }

    public long products() {
        return products.get();
    }

    @Override
    public int rows() {
        return a.rows();
    }

    @Override
    public int cols() {
        return a.cols();
    }

    @Override
    public void apply(double[] x, double[] y, int k) {
        products.addAndGet(k);
        a.apply(x, y, k);
    }

    @Override
    public void applyTranspose(double[] x, double[] y, int k) {
        products.addAndGet(k);
        a.applyTranspose(x, y, k);
    }

    @Override
    public boolean symmetric() {
        return a.symmetric();
    }

    @Override
    public boolean positiveSemidefinite() {
        return a.positiveSemidefinite();
    }

    @Override
    public Optional<double[]> diagonal() {
        return a.diagonal();
    }

    @Override
    public String description() {
        return a.description();
    }
}
