package dev.spectral.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.estimate.Estimate;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Method;
import dev.spectral.estimate.ShiftedLogDets;
import dev.spectral.estimate.SlqCheckpoint;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.operator.LinearOperator;
import dev.spectral.spi.DenseBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral logdet}: log|det A| and its sign, exactly or by stochastic Lanczos quadrature. */
@Command(name = "logdet", description = {"log|det A| and the sign of det A.",
        "exact: a dense factorization in memory. A singular matrix gives logdet -inf and sign 0 (JSON: \"logdet\": null, \"singular\": true).",
        "slq: stochastic Lanczos quadrature from matrix-vector products (symmetric positive definite A), with a confidence interval;",
        "  works matrix-free on --data ... --kernel ... and on sparse .mtx input.",
        "deflated-slq: SLQ on the remainder after deflating the top --deflate eigenpairs exactly (decaying spectra).",
        "preconditioned-slq: log det P exactly for P = L Lᵀ + δI from a rank --preconditioner-rank pivoted Cholesky (columns of A,",
        "  no products), plus SLQ on P^-1/2 A P^-1/2, which needs fewer Lanczos steps on kernels; --input .npy or --data ... --kernel.",
        "out-of-core: exact, for matrices larger than memory: a blocked factorization under --max-mem reading a .npy file",
        "  memory-mapped or generating a kernel tile by tile, with the factor in --scratch, checkpointed after every block",
        "  column (--resume continues an interrupted run).",
        "slq with --checkpoint DIR: the Lanczos state is saved as the run goes, and --resume continues a killed run to the",
        "  same result (for runs of hours, e.g. matrix-free kernels of 10^5 points)."})
final class LogdetCommand implements Callable<Integer> {
    /** How the log-determinant is obtained. */
    enum MethodName { EXACT, SLQ, DEFLATED_SLQ, PRECONDITIONED_SLQ, OUT_OF_CORE }

    @Mixin
    CommonOptions common;

    @Mixin
    OperatorInput input;

    @Mixin
    SlqCliOptions slq;

    @Mixin
    OutOfCoreLogdet outOfCore;

    @Spec
    CommandSpec spec;

    @Option(names = "--method", defaultValue = "exact", paramLabel = "exact|slq|deflated-slq|preconditioned-slq|out-of-core",
            converter = MethodConverter.class, description = "Default: ${DEFAULT-VALUE}.")
    MethodName method;

    @Option(names = "--factor", defaultValue = "auto", paramLabel = "auto|cholesky|ldl|lu",
            description = "For exact: auto (default) = Cholesky if symmetric positive definite, else LDLᵀ if symmetric, else LU. "
                    + "For out-of-core: auto = cholesky; ldl for symmetric indefinite, lu for general matrices.")
    Factorization factor;

    @Option(names = "--deflate", defaultValue = "20", paramLabel = "K", description = "For deflated-slq: eigenpairs deflated (default ${DEFAULT-VALUE}).")
    int deflate;

    @Option(names = "--preconditioner-rank", defaultValue = "300", paramLabel = "R",
            description = "For preconditioned-slq: columns of the pivoted Cholesky (default ${DEFAULT-VALUE}).")
    int preconditionerRank;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "For slq and preconditioned-slq: keep the run's state in DIR (saved every --checkpoint-interval and after every block of probes) "
                    + "so that a killed run continues with --resume, to the same result; removed on success.")
    Path checkpoint;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "With --checkpoint: the least time between saves inside a block of probes (default ${DEFAULT-VALUE}).")
    double checkpointInterval;

    @Option(names = "--shifts", split = ",", paramLabel = "t1,t2,...",
            description = "For slq: log det(A + tI) for every t from one Lanczos run per probe.")
    double[] shifts;

    record LogdetResult(@JsonInclude(JsonInclude.Include.ALWAYS) Double logdet, int sign, boolean singular, String method,
            String factor, int n, String backend, String device, double seconds) {}

    record ShiftedResult(double shift, double logdet, double stderr, double[] ci) {}

    record ShiftedLogdetResult(List<ShiftedResult> shifts, String method, int probes, long matvecs, int n, String operator,
            double seconds) {}

    static final class MethodConverter implements picocli.CommandLine.ITypeConverter<MethodName> {
        @Override
        public MethodName convert(String value) {
            try {
                return MethodName.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "unknown method '" + value + "' (expected exact, slq, deflated-slq, preconditioned-slq or out-of-core)");
            }
        }
    }

    @Override
    public Integer call() {
        Timer t = new Timer();
        PrintWriter w = spec.commandLine().getOut();
        if (checkpoint != null && method != MethodName.SLQ && method != MethodName.PRECONDITIONED_SLQ) {
            throw new InvalidInputException("--checkpoint needs --method slq or preconditioned-slq (out-of-core keeps its "
                    + "state in --scratch)");
        }
        if (method == MethodName.EXACT || method == MethodName.OUT_OF_CORE) {
            if (shifts != null) {
                throw new InvalidInputException("--shifts needs --method slq");
            }
            return method == MethodName.EXACT ? exact(t, w) : outOfCore.run(common, input, factor, w,
                    spec.commandLine().getErr());
        }
        if (outOfCore.resume && checkpoint == null) {
            throw new InvalidInputException("--resume with --method " + method.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " needs the --checkpoint DIR of the interrupted run");
        }
        if (!(checkpointInterval >= 0) || Double.isInfinite(checkpointInterval)) {
            throw new InvalidInputException("--checkpoint-interval must be a number of seconds >= 0, got " + checkpointInterval);
        }
        LinearOperator op = input.operator();
        if (shifts != null && method != MethodName.SLQ) {
            throw new InvalidInputException("--shifts needs --method slq");
        }
        if (shifts != null) {
            ShiftedLogDets s;
            try (Progress p = Progress.spinner(common, "slq")) {
                s = checkpoint == null ? Estimators.logdetShifted(op, shifts, slq.toOptions())
                        : Estimators.logdetShifted(op, shifts, slq.toOptions(), checkpoint(p));
            }
            List<ShiftedResult> rows = new ArrayList<>();
            int probes = 0;
            long matvecs = 0;
            for (int i = 0; i < s.shifts().length; i++) {
                Estimate e = s.estimates().get(i);
                EstimateResult.of(e, op.rows(), input.describe, 0, true);
                rows.add(new ShiftedResult(s.shifts()[i], e.value(), e.standardError(),
                        new double[] {e.interval().low(), e.interval().high()}));
                probes = Math.max(probes, e.probes());
                matvecs = Math.max(matvecs, e.matvecs());
            }
            ShiftedLogdetResult r = new ShiftedLogdetResult(rows, "slq", probes, matvecs, op.rows(), input.describe, t.seconds());
            if (common.json) {
                Output.json(w, r);
            } else {
                w.println("matrix  " + input.describe);
                w.printf(Locale.ROOT, "%14s  %20s  %12s%n", "shift t", "log det(A + tI)", "std error");
                for (ShiftedResult row : rows) {
                    w.printf(Locale.ROOT, "%14s  %20s  %12s%n", Output.num(row.shift()), Output.num(row.logdet()), Output.num(row.stderr()));
                }
                w.println("probes " + probes + ", matrix-vector products " + matvecs + ", time " + Output.seconds(r.seconds()));
            }
            return ExitCodes.OK;
        }
        Method m = switch (method) {
            case SLQ -> new Method.Slq(slq.toOptions());
            case PRECONDITIONED_SLQ -> new Method.PreconditionedSlq(preconditionerRank, slq.toOptions());
            default -> new Method.DeflatedSlq(deflate, slq.toOptions());
        };
        Estimate e;
        try (Progress p = Progress.spinner(common, method.name().toLowerCase(Locale.ROOT).replace('_', '-'))) {
            e = checkpoint == null ? Estimators.logdet(op, m) : Estimators.logdet(op, m, checkpoint(p));
        }
        EstimateResult r = EstimateResult.of(e, op.rows(), input.describe, t.seconds(), true);
        if (common.json) {
            Output.json(w, r);
        } else {
            r.print(w);
        }
        return ExitCodes.OK;
    }

    /** The checkpoint of this run, reporting each step on the bar, or each save as a line when no one watches. */
    private SlqCheckpoint checkpoint(Progress bar) {
        ProgressLines lines = new ProgressLines(common, spec.commandLine().getErr());
        return new SlqCheckpoint(checkpoint, input.identity(), outOfCore.resume,
                Duration.ofMillis(Math.round(checkpointInterval * 1000)), p -> {
                    String msg = String.format(Locale.ROOT, "probes %d-%d, step %d, %d active, %d done",
                            p.firstProbe(), p.firstProbe() + p.blockProbes() - 1, p.step(), p.activeProbes(),
                            p.probesFinished());
                    bar.step(msg);
                    if (p.saved()) {
                        lines.print(String.format(Locale.ROOT, "%s; %d products, %s elapsed; saved in %s", msg,
                                p.matvecs(), OutOfCoreLogdet.duration(p.seconds()), checkpoint));
                    }
                });
    }

    private int exact(Timer t, PrintWriter w) {
        DenseMatrix a = input.input != null ? Inputs.denseMatrix(input.input) : input.operator().toDense();
        LogDet ld;
        String backendName;
        String device;
        try (DenseBackend b = Backends.open(common.backend)) {
            ld = b.logdet(a, factor);
            backendName = b.name();
            device = b.device();
        }
        double seconds = t.seconds();
        String f = ld.factorization().name().toLowerCase(Locale.ROOT);
        LogdetResult r = new LogdetResult(ld.isSingular() ? null : ld.logAbsDet(), ld.sign(), ld.isSingular(), "exact", f,
                ld.n(), backendName, device, seconds);
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        String what = input.input != null ? input.input : input.describe;
        Output.table(w, new String[][] {
                {"matrix", what + " (" + a.rows() + " x " + a.cols() + ")"},
                {"logdet", ld.isSingular() ? "-inf (singular)" : Output.num(ld.logAbsDet())},
                {"sign", String.valueOf(ld.sign())},
                {"method", "exact (" + f + ")"},
                {"backend", backendName + ", " + device},
                {"time", Output.seconds(seconds)}});
        return ExitCodes.OK;
    }
}
