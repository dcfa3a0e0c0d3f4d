package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.operator.LinearOperator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral eigcount}: how many eigenvalues lie in an interval. */
@Command(name = "eigcount", description = "Estimated number of eigenvalues of a symmetric matrix in [a, b], from matrix-vector products.")
final class EigcountCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    OperatorInput input;

    @Mixin
    DensityOptions density;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", required = true, split = ",", paramLabel = "a,b", description = "The interval.")
    double[] interval;

    @Override
    public Integer call() {
        if (interval.length != 2 || !(interval[0] < interval[1])) {
            throw new InvalidInputException("--interval needs two numbers a,b with a < b");
        }
        Timer t = new Timer();
        LinearOperator op = input.operator();
        Estimate e;
        try (Progress p = Progress.spinner(common, "eigcount")) {
            e = Estimators.eigencount(op, interval[0], interval[1], density.toMethod());
        }
        EstimateResult r = EstimateResult.of(e, op.rows(), input.describe, t.seconds(), false);
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
        } else {
            r.print(w);
        }
        return ExitCodes.OK;
    }
}
