package dev.spectral.outofcore;

import dev.spectral.InvalidInputException;

/**
 * log |det K_{1:m}| of leading m x m submatrices, read off the factor's diagonal.
 *
 * <p>Only sizes where the factor gives the leading minor exactly are listed. For Cholesky that is every m. With
 * pivoting (LDLᵀ, LU) the product of the first m pivots is det K_{1:m} only when the row interchanges of the first m
 * steps stay inside rows 1..m (the permutation maps {1..m} to itself) and, for LDLᵀ, m does not split a 2 x 2 pivot.
 * Block boundaries of LDLᵀ always qualify (its pivoting never leaves a diagonal block); for LU an interchange that
 * moves row i < m with a row beyond m removes every m up to that row.
 *
 * @param sizes     the orders m, increasing
 * @param logAbsDet log |det K_{1:m}| for each size
 * @param signs     the sign of det K_{1:m} (+1 or -1; a singular leading block ends the list)
 * @param stride    the stride that was asked for (sizes are multiples of it, plus n)
 * @param skipped   stride points left out because pivoting crossed them
 */
public record LeadingLogdets(int[] sizes, double[] logAbsDet, int[] signs, int stride, int skipped) {
    public LeadingLogdets {
        if (sizes.length != logAbsDet.length || sizes.length != signs.length) {
            throw new InvalidInputException("leading log-determinants: " + sizes.length + " sizes, "
                    + logAbsDet.length + " values and " + signs.length + " signs");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new InvalidInputException("leading log-determinants: sizes must be positive and increasing");
            }
        }
    }

    /** log det K_{1:m} for m = 1..values.length (values[m - 1]), e.g. from an in-core Cholesky factor. */
    public static LeadingLogdets ofConsecutive(double[] values) {
        int[] sizes = new int[values.length];
        int[] signs = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            sizes[i] = i + 1;
            signs[i] = 1;
        }
        return new LeadingLogdets(sizes, values.clone(), signs, 1, 0);
    }

    public int count() {
        return sizes.length;
    }

    /** The largest size listed, or 0 when empty. */
    public int lastSize() {
        return sizes.length == 0 ? 0 : sizes[sizes.length - 1];
    }
}
