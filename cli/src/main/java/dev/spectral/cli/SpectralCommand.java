package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.spi.BackendUnavailableException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code spectral} command; subcommands do the work. */
@Command(name = "spectral", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Spectra, log-determinants and traces of very large matrices.", ""},
        subcommands = {InfoCommand.class, EigCommand.class, SvdCommand.class, LogdetCommand.class, TraceCommand.class,
                DiagCommand.class, DensityCommand.class, EigcountCommand.class, KernelCommand.class, WeightsCommand.class,
                FlodanceCommand.class, HessianCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 2 bad input (one-line message), 1 internal error.",
                "Every command takes --json (one JSON object on stdout), --quiet, --debug and --backend."})
public final class SpectralCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI with the process's streams; returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI writing to the given streams (tests capture them); returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new SpectralCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("spectral: error: " + oneLine(ex.getMessage()));
            if (debug) {
                ex.printStackTrace(err);
            }
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean bad = ex instanceof InvalidInputException || ex instanceof BackendUnavailableException;
            err.println("spectral: error: " + oneLine(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (debug) {
                ex.printStackTrace(err);
            } else if (!bad) {
                err.println("spectral: (internal error; rerun with --debug for the stack trace)");
            }
            return bad ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
