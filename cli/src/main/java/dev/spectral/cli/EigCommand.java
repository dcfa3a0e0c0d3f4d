package dev.spectral.cli;

import dev.spectral.Backends;
import dev.spectral.InvalidInputException;
import dev.spectral.io.Npy;
import dev.spectral.linalg.EigenSelection;
import dev.spectral.linalg.SymmetricEigen;
import dev.spectral.matrix.DenseMatrix;
import dev.spectral.estimate.Eigenpairs;
import dev.spectral.estimate.Estimators;
import dev.spectral.estimate.Which;
import dev.spectral.operator.LinearOperator;
import dev.spectral.spi.DenseBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral eig}: eigenvalues of a symmetric matrix. */
@Command(name = "eig", description = "Eigenvalues (ascending) of a symmetric matrix: all (dsyevd), the top/bottom K, or those in a range (dsyevr).")
final class EigCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorInput input;

    /** dense: LAPACK on the matrix in memory; lanczos: thick-restart Lanczos from matrix-vector products. */
    enum MethodName { DENSE, LANCZOS }

    @Option(names = "--method", paramLabel = "dense|lanczos",
            description = "dense (default for --input): LAPACK in memory; lanczos (default for --data): top/bottom K from matrix-vector products.")
    MethodName method;

    @ArgGroup(exclusive = true)
    Selection which;

    static final class Selection {
        @Option(names = "--top", paramLabel = "K", description = "Only the K largest eigenvalues.")
        Integer top;

        @Option(names = "--bottom", paramLabel = "K", description = "Only the K smallest eigenvalues.")
        Integer bottom;

        @Option(names = "--range", paramLabel = "LO,HI", split = ",", description = "Only the eigenvalues in (LO, HI].")
        double[] range;
    }

    @Option(names = "--vectors", paramLabel = "V.npy", description = "Also write the eigenvectors (columns) to this .npy file.")
    Path vectors;

    @Option(names = "--out", paramLabel = "evals.npy", description = "Write the eigenvalues to this .npy file instead of printing them.")
    Path out;

    record EigResult(double[] eigenvalues, String out, String vectors, int n, int count, String selection,
            String backend, String device, double seconds) {}

    record LanczosResult(double[] eigenvalues, double[] residuals, boolean converged, int restarts, long matvecs, int n,
            String selection, String method, String operator, double seconds) {}

    @Override
    public Integer call() {
        EigenSelection selection = selection();
        Timer t = new Timer();
        if (method == MethodName.LANCZOS || (method == null && input.input == null)) {
            return lanczos(selection, t);
        }
        if (input.input == null) {
            throw new InvalidInputException("--method dense needs --input; use --method lanczos for --data ... --kernel ...");
        }
        String inputName = input.input;
        DenseMatrix a = Inputs.denseMatrix(inputName);
        SymmetricEigen e;
        String backendName;
        String device;
        try (DenseBackend b = Backends.open(common.backend)) {
            e = b.eigh(a, selection, vectors != null);
            backendName = b.name();
            device = b.device();
        }
        if (vectors != null) {
            Npy.write(vectors, e.vectors());
        }
        if (out != null) {
            Npy.writeVector(out, e.values());
        }
        double seconds = t.seconds();
        PrintWriter w = spec.commandLine().getOut();
        EigResult r = new EigResult(out == null ? e.values() : null, out == null ? null : out.toString(),
                vectors == null ? null : vectors.toString(), a.rows(), e.values().length, describe(selection),
                backendName, device, seconds);
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"matrix", inputName + " (" + a.rows() + " x " + a.cols() + ")"},
                {"eigenvalues", r.count() + " (" + r.selection() + ")"},
                {"backend", backendName + ", " + device},
                {"time", Output.seconds(seconds)}});
        if (out != null) {
            w.println("eigenvalues written to " + out);
        } else {
            w.println();
            double[] v = e.values();
            for (int i = 0; i < v.length; i++) {
                w.printf("%6d  %s%n", i + 1, Output.num(v[i]));
            }
        }
        if (vectors != null) {
            w.println("eigenvectors written to " + vectors);
        }
        return ExitCodes.OK;
    }

    private int lanczos(EigenSelection selection, Timer t) {
        if (vectors != null) {
            throw new InvalidInputException("--vectors is only available with --method dense");
        }
        int k;
        Which which;
        switch (selection) {
            case EigenSelection.Largest l -> {
                k = l.k();
                which = Which.LARGEST;
            }
            case EigenSelection.Smallest s -> {
                k = s.k();
                which = Which.SMALLEST;
            }
            default -> throw new InvalidInputException("--method lanczos needs --top K or --bottom K");
        }
        LinearOperator op = input.operator();
        Eigenpairs e;
        try (Progress p = Progress.spinner(common, "lanczos")) {
            e = Estimators.extremeEigenvalues(op, k, which);
        }
        double[] values = e.values().clone();
        java.util.Arrays.sort(values);
        if (out != null) {
            Npy.writeVector(out, values);
        }
        LanczosResult r = new LanczosResult(out == null ? values : null, e.residuals(), e.converged(), e.restarts(),
                e.matvecs(), op.rows(), describe(selection), "lanczos", input.describe, t.seconds());
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Output.json(w, r);
            return ExitCodes.OK;
        }
        Output.table(w, new String[][] {
                {"matrix", input.describe},
                {"eigenvalues", values.length + " (" + r.selection() + ", thick-restart Lanczos)"},
                {"converged", e.converged() + " after " + e.restarts() + " restarts"},
                {"matrix-vector products", String.valueOf(e.matvecs())},
                {"time", Output.seconds(r.seconds())}});
        if (out == null) {
            w.println();
            for (int i = 0; i < values.length; i++) {
                w.printf("%6d  %s%n", i + 1, Output.num(values[i]));
            }
        }
        return ExitCodes.OK;
    }

    private EigenSelection selection() {
        if (which == null) {
            return EigenSelection.all();
        }
        if (which.top != null) {
            return EigenSelection.largest(which.top);
        }
        if (which.bottom != null) {
            return EigenSelection.smallest(which.bottom);
        }
        if (which.range.length != 2) {
            throw new InvalidInputException("--range needs two numbers LO,HI");
        }
        return EigenSelection.range(which.range[0], which.range[1]);
    }

    private static String describe(EigenSelection s) {
        return switch (s) {
            case EigenSelection.All a -> "all";
            case EigenSelection.Largest l -> "top " + l.k();
            case EigenSelection.Smallest b -> "bottom " + b.k();
            case EigenSelection.Range r -> "range (" + r.low() + ", " + r.high() + "]";
        };
    }
}
