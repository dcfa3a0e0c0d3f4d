package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.MatrixFunction;
import dev.spectral.estimate.Method;
import dev.spectral.operator.LinearOperator;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral trace}: tr f(A) from matrix-vector products. */
@Command(name = "trace", description = {"tr f(A) estimated from matrix-vector products, with a confidence interval.",
        "slq works for every f (A symmetric; log, inv, sqrt and pow need A positive definite);",
        "hutchinson, hutchpp, nahutchpp, xtrace and xnystrace (A PSD) estimate tr A (--fn id) within --budget products."})
final class TraceCommand implements Callable<Integer> {
    enum MethodName { SLQ, HUTCHINSON, HUTCHPP, NAHUTCHPP, XTRACE, XNYSTRACE, EXACT }

    @Mixin
    CommonOptions common;

    @Mixin
    OperatorInput input;

    @Mixin
    SlqCliOptions slq;

    @Spec
    CommandSpec spec;

    @Option(names = "--fn", defaultValue = "id", paramLabel = "id|log|inv|exp:T|pow:P|sqrt",
            description = "The matrix function (default: ${DEFAULT-VALUE}, the plain trace).")
    String fn;

    @Option(names = "--method", defaultValue = "slq", paramLabel = "slq|hutchinson|hutchpp|nahutchpp|xtrace|xnystrace|exact",
            description = "Default: ${DEFAULT-VALUE}.")
    MethodName method;

    @Option(names = "--budget", defaultValue = "100", paramLabel = "M",
            description = "Matrix-vector products for the Hutchinson family and XTrace (default ${DEFAULT-VALUE}).")
    int budget;

    @Override
    public Integer call() {
        Timer t = new Timer();
        MatrixFunction f = function(fn);
        LinearOperator op = input.operator();
        long seed = slq.seedOrDefault();
        double conf = slq.confidenceOrDefault();
        Method m = switch (method) {
            case SLQ -> new Method.Slq(slq.toOptions());
            case HUTCHINSON -> new Method.Hutchinson(budget, slq.probe == null ? dev.spectral.estimate.Probe.RADEMACHER : slq.probe, seed, conf);
            case HUTCHPP -> new Method.HutchPlusPlus(budget, seed, conf);
            case NAHUTCHPP -> new Method.NaHutchPlusPlus(budget, seed, conf);
            case XTRACE -> new Method.XTrace(budget, seed, conf);
            case XNYSTRACE -> new Method.XNysTrace(budget, seed, conf);
            case EXACT -> new Method.Exact();
        };
        Estimate e;
        try (Progress p = Progress.spinner(common, method.name().toLowerCase(Locale.ROOT))) {
            e = Estimators.trace(op, f, m);
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

    static MatrixFunction function(String spec) {
        String s = spec.toLowerCase(Locale.ROOT).strip();
        try {
            if (s.startsWith("exp:")) {
                return MatrixFunction.exp(Double.parseDouble(s.substring(4)));
            }
            if (s.startsWith("pow:")) {
                return MatrixFunction.power(Double.parseDouble(s.substring(4)));
            }
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--fn " + spec + ": the parameter after ':' must be a number");
        }
        return switch (s) {
            case "id", "identity" -> MatrixFunction.identity();
            case "log" -> MatrixFunction.log();
            case "inv", "inverse" -> MatrixFunction.inverse();
            case "sqrt" -> MatrixFunction.sqrt();
            case "exp" -> MatrixFunction.exp(1.0);
            default -> throw new InvalidInputException("unknown --fn '" + spec + "' (expected id, log, inv, exp:T, pow:P or sqrt)");
        };
    }
}
