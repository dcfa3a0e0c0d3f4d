package dev.spectral.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a python3 + numpy snippet (the independent truth); tests skip when python3 or numpy is missing. */
final class Python {
    private Python() {}

    static String run(Path dir, String script) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import numpy as np\n" + script).directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed");
            throw e;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 timed out");
        assumeTrue(!output.contains("No module named 'numpy'"), "numpy is not installed");
        if (p.exitValue() != 0) {
            throw new IllegalStateException("python3 failed: " + output);
        }
        return output.strip();
    }
}
