package dev.spectral.cli;

/** Process exit codes of the CLI. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
