package dev.spectral.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spectral.Backends;
import dev.spectral.linalg.Factorization;
import dev.spectral.linalg.LogDet;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.spi.DenseBackend;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral logdet}: log|det A| and its sign. */
@Command(name = "logdet", description = {"log|det A| and the sign of det A.",
        "A singular matrix gives logdet -inf and sign 0 (JSON: \"logdet\": null, \"singular\": true)."})
final class LogdetCommand implements Callable<Integer> {
    /** How the log-determinant is obtained; later issues add estimators and out-of-core methods. */
    enum Method { EXACT }

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "A.npy", description = "Square matrix (.npy, .npz, .mtx).")
    String input;

    @Option(names = "--method", defaultValue = "exact", paramLabel = "exact",
            description = "exact: a dense factorization in memory (default).")
    Method method;

    @Option(names = "--factor", defaultValue = "auto", paramLabel = "auto|cholesky|ldl|lu",
            description = "auto (default): Cholesky if symmetric positive definite, else LDLᵀ if symmetric, else LU.")
    Factorization factor;

    /** {@code logdet} is null (and present) for a singular matrix: JSON has no -Infinity. */
    record LogdetResult(@JsonInclude(JsonInclude.Include.ALWAYS) Double logdet, int sign, boolean singular, String method, String factor, int n,
            String backend, String device, double seconds) {}

    @Override
    public Integer call() {
        Timer t = new Timer();
        DenseMatrix a = Inputs.denseMatrix(input);
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
        LogdetResult r = new LogdetResult(ld.isSingular() ? null : ld.logAbsDet(), ld.sign(), ld.isSingular(),
                method.name().toLowerCase(Locale.ROOT), f, ld.n(), backendName, device, seconds);
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"matrix", input + " (" + a.rows() + " x " + a.cols() + ")"},
                {"logdet", ld.isSingular() ? "-inf (singular)" : Output.num(ld.logAbsDet())},
                {"sign", String.valueOf(ld.sign())},
                {"method", r.method() + " (" + f + ")"},
                {"backend", backendName + ", " + device},
                {"time", Output.seconds(seconds)}});
        return ExitCodes.OK;
    }
}
