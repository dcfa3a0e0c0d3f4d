package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.EigenOptions;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.SingularValues;
import dev.spectral.estimate.Which;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.operator.Operators;

/**
 * Top singular triplets of an m x n operator from thick-restart Lanczos on its smaller Gram operator (AᵀA when
 * n ≤ m, else AAᵀ). Lanczos on AᵀA started from v₁ is Golub-Kahan bidiagonalization of A started from v₁ in exact
 * arithmetic (T = BᵀB); squaring costs relative accuracy only for singular values far below σ₁, not for the top ones.
 */
public final class SingularSolver {
    private SingularSolver() {}

    public static SingularValues top(LinearOperator a, int k, EigenOptions o) {
        long start = System.nanoTime();
        int m = a.rows();
        int n = a.cols();
        if (k < 1 || k > Math.min(m, n)) {
            throw new InvalidInputException("asked for " + k + " singular values of a " + m + " x " + n + " operator");
        }
        boolean right = n <= m;
        Counting gram = Counting.wrap(right ? Operators.gram(a) : Operators.outerGram(a));
        Eigenpairs e = KrylovSchur.solve(gram, k, Which.LARGEST, o);
        double[] sigma = new double[k];
        for (int i = 0; i < k; i++) {
            sigma[i] = Math.sqrt(Math.max(0, e.values()[i]));
        }
        DenseMatrix vecs = e.vectors();
        int other = right ? m : n;
        double[] w = new double[other * k];
        if (right) {
            a.apply(vecs.data(), w, k);
        } else {
            a.applyTranspose(vecs.data(), w, k);
        }
        for (int i = 0; i < k; i++) {
            double inv = sigma[i] > 0 ? 1 / sigma[i] : 0;
            for (int j = 0; j < other; j++) {
                w[i * other + j] *= inv;
            }
        }
        DenseMatrix otherVecs = DenseMatrix.of(other, k, w);
        return new SingularValues(sigma, right ? vecs : otherVecs, right ? otherVecs : vecs, e.residuals(),
                e.converged(), gram.products() + k, Results.seconds(start));
    }
}
