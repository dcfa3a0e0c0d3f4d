package dev.spectral.linalg;

/** The factorization behind an exact log-determinant. */
public enum Factorization {
    /** Cholesky when the matrix is symmetric positive definite, else LDLᵀ when symmetric, else LU. */
    AUTO,
    /** Cholesky (dpotrf): symmetric positive definite only. */
    CHOLESKY,
    /** Bunch-Kaufman LDLᵀ (dsytrf): symmetric, possibly indefinite. */
    LDL,
    /** LU with partial pivoting (dgetrf): any square matrix. */
    LU
}
