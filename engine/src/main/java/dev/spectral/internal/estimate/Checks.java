package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.operator.LinearOperator;

/** Input checks shared by the estimators, with messages that name the method and the operator. */
public final class Checks {
    private Checks() {}

    public static void square(LinearOperator op, String method) {
        if (!op.isSquare()) {
            throw new InvalidInputException(method + " needs a square operator, got " + op.rows() + " x " + op.cols()
                    + " (" + op.description() + ")");
        }
    }

    public static void symmetric(LinearOperator op, String method) {
        square(op, method);
        if (!op.symmetric()) {
            throw new InvalidInputException(method + " needs a symmetric operator, but " + op.description()
                    + " is not symmetric (or was not declared so)");
        }
    }

    public static void positiveSemidefinite(LinearOperator op, String method) {
        symmetric(op, method);
        if (!op.positiveSemidefinite()) {
            throw new InvalidInputException(method + " needs a positive semidefinite operator; " + op.description()
                    + " is not known to be one (declare it with Operators.assumePositiveSemidefinite)");
        }
    }

    public static void budget(int budget, int n, String method) {
        if (budget > n) {
            throw new InvalidInputException(method + ": a budget of " + budget + " products exceeds the order " + n
                    + " of the operator; use the exact method instead");
        }
    }
}
