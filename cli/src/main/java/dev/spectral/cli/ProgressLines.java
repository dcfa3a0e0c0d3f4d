package dev.spectral.cli;

import java.io.PrintWriter;

/** Without a terminal (a batch job, a log file), progress as occasional lines on stderr instead of a bar. */
final class ProgressLines {
    private final boolean on;
    private final PrintWriter err;

    ProgressLines(CommonOptions common, PrintWriter err) {
        this.on = !common.quiet && !common.interactive();
        this.err = err;
    }

    void print(String line) {
        if (on) {
            err.println("spectral: " + line);
            err.flush();
        }
    }
}
