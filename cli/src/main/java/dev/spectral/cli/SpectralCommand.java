package dev.spectral.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code spectral} command; subcommands do the work. */
@Command(name = "spectral", mixinStandardHelpOptions = true, version = "spectral 0.1.0",
        description = "Spectra, log-determinants and traces of very large matrices.")
public final class SpectralCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static int execute(String... args) {
        return new CommandLine(new SpectralCommand()).execute(args);
    }
}
