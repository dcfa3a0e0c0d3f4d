package dev.spectral.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--json", description = "Print exactly one JSON object on stdout (schema in README.md).")
    boolean json;

    @Option(names = "--quiet", description = "No progress bar and no notices on stderr.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces on errors.")
    boolean debug;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "Where dense work runs (default: ${DEFAULT-VALUE}: the GPU when available, else the CPU).")
    String backend;

    /** Progress bars and notices go to stderr only when a person is watching. */
    boolean interactive() {
        return !json && !quiet && System.console() != null;
    }
}
